"""Fixtures for CLI tests: a fresh PLYNX_HOME, a runner, and small workflow files."""

from __future__ import annotations

SUMS = """\
title: Sums
parameters: {n: 20}
operations:
  seq:
    kind: bash_jinja2
    outputs: {out: text}
    parameters: {n: 5}
    code: seq 1 {{ param['n'] }} > {{ output.out }}
  grep:
    kind: bash_jinja2
    inputs: {lines: text}
    outputs: {out: text}
    parameters: {pattern: "^1"}
    code: grep {{ param['pattern'] }} {{ input.lines }} > {{ output.out }} || true
  sum:
    kind: python
    inputs: {lines: text}
    outputs: {total: text}
    code: |
      total = sum(int(line) for line in open(input['lines']))
      open(output['total'], 'w').write(str(total))
nodes:
  seq: {operation: seq, params: {n: "${n}"}}
  grep: {operation: grep, inputs: {lines: seq}}
  sum: {operation: sum, inputs: {lines: grep}}
"""

FAILING = """\
title: Failing
operations:
  noisy:
    kind: bash_jinja2
    outputs: {out: text}
    code: |
      for i in $(seq 1 30); do echo "line $i" >&2; done
      exit 3
  after:
    kind: bash_jinja2
    inputs: {x: text}
    outputs: {out: text}
    code: cp {{ input.x }} {{ output.out }}
nodes:
  noisy: {operation: noisy}
  after: {operation: after, inputs: {x: noisy}}
"""

