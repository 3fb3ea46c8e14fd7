"""Rendering in worker processes: hostile templates are stopped at the limits, the process
asking never blocks, and usual templates render as in-process."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from plynx.errors import ExecutionError, RenderLimitExceeded
from plynx.kinds import bounded_render
from plynx.kinds.bounded_render import BoundedRenderer
from tests.executors.support import Bench
from tests.factories import bash

#: Nested loops that compute for hours, building nothing.
SPIN = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
#: A text doubled until it fills gigabytes (``~`` escapes the sandbox's size checks).
DOUBLING = ("{% set s = 'x' * 1000000 %}"
            + "{% set s = s ~ s %}" * 12 + "{{ s | length }}")
#: A deep recursion of macros.
RECURSION = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"


@pytest.fixture
def renderer() -> Iterator[BoundedRenderer]:
    renderer = BoundedRenderer(seconds=1, megabytes=64)
    yield renderer
    renderer.close()


def render(renderer: BoundedRenderer, source: str, **param: object) -> str:
    return renderer.render(source, input={"lines": "/w/my lines"}, output={"out": "/w/out"},
                           param=param, label="operation 'demo'")


def test_a_usual_template_renders_as_in_process(renderer: BoundedRenderer) -> None:
    text = render(renderer, "grep {{ param.p }} {{ input.lines }} > {{ output.out }}", p="; ls")
    assert text == "grep '; ls' '/w/my lines' > /w/out"


def test_a_template_that_computes_too_long_is_stopped(renderer: BoundedRenderer) -> None:
    with pytest.raises(RenderLimitExceeded) as caught:
        render(renderer, SPIN)
    assert str(caught.value) == "operation 'demo': the template took longer than 1 s to render"
    assert caught.value.status_code == 422


def test_a_template_that_builds_too_much_is_stopped(renderer: BoundedRenderer) -> None:
    with pytest.raises(RenderLimitExceeded, match="the template needed more than 64 MB"):
        render(renderer, DOUBLING)


def test_a_huge_power_is_refused_before_it_is_computed(renderer: BoundedRenderer) -> None:
    with pytest.raises(ExecutionError, match="more than 65536 bits") as caught:
        render(renderer, "{{ ((3 ** 1000) ** 1000) ** 20 }}")
    assert not isinstance(caught.value, RenderLimitExceeded)


def test_template_errors_are_reported_as_in_process(renderer: BoundedRenderer) -> None:
    with pytest.raises(ExecutionError, match=r"operation 'demo': template line 2: .*'nope'"):
        render(renderer, "ok\n{{ nope }}")
    with pytest.raises(ExecutionError, match="recursion"):
        render(renderer, RECURSION)


def test_a_worker_that_overran_is_replaced(renderer: BoundedRenderer) -> None:
    for hostile in (SPIN, DOUBLING):
        with pytest.raises(RenderLimitExceeded):
            render(renderer, hostile)
        assert render(renderer, "echo {{ param.x }}", x="a b") == "echo 'a b'"


def test_renders_from_many_threads(renderer: BoundedRenderer) -> None:
    results: dict[int, str] = {}

    def work(number: int) -> None:
        results[number] = render(renderer, "echo {{ param.n }}", n=number)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"echo {n}" for n in range(8)}


def test_a_worker_that_died_while_idle_is_replaced(renderer: BoundedRenderer) -> None:
    assert render(renderer, "echo 1") == "echo 1"
    for worker in renderer._idle:
        worker.process.kill()
        worker.process.wait()
    assert render(renderer, "echo 2") == "echo 2"


def test_a_task_whose_template_overruns_fails_naming_the_limit(
        bench: Bench, renderer: BoundedRenderer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded_render, "RENDERER", renderer)
    outcome = bench.run(bash("spin", SPIN, outputs={"out": "text"}))
    assert outcome.result.exit_code is None
    assert outcome.result.error == ("operation 'spin': the template took longer than 1 s "
                                    "to render")
