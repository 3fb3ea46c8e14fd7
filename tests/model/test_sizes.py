"""Resource amounts of operations: numbers, or sizes with a unit; never in the cache key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from plynx.engine.cache import cache_key
from plynx.model.sizes import parse_amount
from plynx.plugins import get_registry
from tests.factories import bash


@pytest.mark.parametrize(("text", "amount"), [
    (2, 2.0), (0.5, 0.5), ("3", 3.0), ("1.5e9", 1.5e9), ("512MB", 512e6), ("4GiB", 4 << 30),
    ("4 gib", 4 << 30), ("10kb", 1e4), ("1TiB", 1 << 40), ("0", 0.0),
])
def test_amounts_and_sizes(text: object, amount: float) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["lots", "4 parsecs", "-1", -1, float("inf"), True, None, "1e999"])
def test_bad_amounts_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match="expected a number|finite"):
        parse_amount(text)


def test_operations_read_sizes_and_keep_resources_out_of_the_cache_key() -> None:
    plain = bash("op", "echo hi > {{ output.out }}", outputs={"out": "text"})
    greedy = bash("op", plain.code, outputs={"out": "text"},
                  resources={"cpu": 2, "memory": "4GiB", "gpu": 1})
    assert greedy.resources == {"cpu": 2.0, "memory": float(4 << 30), "gpu": 1.0}
    kind = get_registry().kind("bash_jinja2")
    assert cache_key(plain, kind, {}, {}) == cache_key(greedy, kind, {}, {})
    with pytest.raises(ValidationError, match="resource 'memory': expected a number"):
        bash("op", plain.code, resources={"memory": "a lot"})
