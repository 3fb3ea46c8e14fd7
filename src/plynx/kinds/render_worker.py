"""The process that renders templates for :mod:`plynx.kinds.bounded_render`.

Started as ``python -m plynx.kinds.render_worker SECONDS MEGABYTES``, it announces itself
with one line, then answers requests one at a time: one JSON object a line on stdin
(``source``, ``input``, ``output``, ``param``, ``label``), one JSON object a line on stdout,
``{"text": …}`` or ``{"error": …}``; ``{"memory": …}`` after a template ran out of memory,
after which it exits.

Its own limits hold even if its parent cannot stop it: the address space may grow by at
most MEGABYTES, and each request may use at most SECONDS (rounded up) of CPU time more,
past which the kernel ends the process (``SIGXCPU``). It is non-dumpable, so a task cannot
read the templates and values it holds.
"""

from __future__ import annotations

import json
import math
import resource
import sys
from typing import IO, Any

from plynx.errors import ExecutionError
from plynx.executors.isolation import protect_this_process
from plynx.kinds import templating
from plynx.kinds.bounded_render import READY


def main(argv: list[str]) -> None:
    """Serve requests on stdin until it closes."""
    seconds, megabytes = float(argv[0]), int(argv[1])
    protect_this_process()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _limit_memory(megabytes)
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers goes to the parent
    answers.write(READY)
    answers.flush()
    for line in requests:
        _limit_cpu(seconds)
        answer = _answer(line)
        _write(answers, answer)
        if "memory" in answer:
            return


def _answer(line: bytes) -> dict[str, Any]:
    try:
        request = json.loads(line)
        return {"text": templating.render(
            request["source"], input=request["input"], output=request["output"],
            param=request["param"], label=request["label"])}
    except MemoryError:
        return {"memory": True}
    except ExecutionError as exc:
        return {"error": str(exc)}


def _write(answers: IO[bytes], answer: dict[str, Any]) -> None:
    answers.write(json.dumps(answer).encode() + b"\n")
    answers.flush()


def _limit_cpu(seconds: float) -> None:
    """Let the process use ``seconds`` (rounded up) of CPU time more, and no more."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(spent + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _limit_memory(megabytes: int) -> None:
    """Let the address space grow by ``megabytes`` from its size now (on Linux)."""
    size = _address_space()
    if size is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = size + megabytes * 2**20
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The size of this process's address space in bytes, where ``/proc`` tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


if __name__ == "__main__":
    main(sys.argv[1:])
