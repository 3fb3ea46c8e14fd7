"""Malformed workflow files: one WorkflowFileError naming file, key path, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.artifacts.store import ArtifactStore
from plynx.errors import InvalidInput, WorkflowFileError
from plynx.workflow_file import WorkflowFileProblems, load_workflow
from tests.workflow_file.conftest import Write


def problems_of(path: Path, store: ArtifactStore) -> list[str]:
    with pytest.raises(WorkflowFileProblems) as caught:
        load_workflow(path, store)
    assert isinstance(caught.value, WorkflowFileError)
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_at_once(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          grep: {kind: bash_jinja2, inputs: {lines: text}, outputs: {out: text}}
        nodes:
          a: {operation: grpe}
          b: {operation: nothing, inputs: {lines: sq.out}}
          c: {operation: grep, inputs: {lines: a.out}, parms: {x: 1}}
        """)
    with pytest.raises(WorkflowFileProblems) as caught:
        load_workflow(path, store)
    error = caught.value
    assert isinstance(error, InvalidInput)
    assert [str(p) for p in error.problems] == [
        "w.yaml:4: nodes.a.operation: unknown operation 'grpe' (did you mean 'grep'?)",
        "w.yaml:5: nodes.b.operation: unknown operation 'nothing' (known: grep)",
        "w.yaml:5: nodes.b.inputs.lines: no node 'sq' (known: a, b, c)",
        "w.yaml:6: nodes.c.parms: unknown key (did you mean 'params'?)",
    ]
    message = str(error)
    assert message.startswith(f"invalid workflow file {path} (4 problems):")
    assert "nodes.c.parms" in message


def test_a_single_problem_fits_on_one_line(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", "nodes:\n  a: {operation: missing}\n")
    with pytest.raises(WorkflowFileError) as caught:
        load_workflow(path, store)
    assert str(caught.value) == (
        f"invalid workflow file {path}: w.yaml:2: nodes.a.operation: "
        "unknown operation 'missing' (known: none)"
    )


def test_every_bad_name_is_reported_at_its_key(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        parameters: {"bad name!": 1}
        operations:
          "bad name!": {kind: python, code: "pass"}
        nodes:
          "..": {operation: "bad name!"}
          ".": {operation: "bad name!"}
          /tmp/x: {operation: "bad name!"}
          "a\\0b": {operation: "bad name!"}
          ok: {operation: "bad name!"}
        """)
    found = problems_of(path, store)
    assert [p.split(" (")[0] for p in found] == [
        "w.yaml:1: parameters.bad name!: 'bad name!' is not a valid parameter name",
        "w.yaml:3: operations.bad name!: 'bad name!' is not a valid operation name",
        "w.yaml:5: nodes...: '..' is not a valid node id",
        "w.yaml:6: nodes..: '.' is not a valid node id",
        "w.yaml:7: nodes./tmp/x: '/tmp/x' is not a valid node id",
        "w.yaml:8: nodes.a\x00b: 'a\\x00b' is not a valid node id",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "w.yaml: expected a mapping of workflow keys, got a list"),
        ("title: x\n", "w.yaml: nodes: missing"),
        ("nodes: {}\nversion: 2\n", "w.yaml:2: version: unknown key (allowed: title, description,"
                                    " parameters, imports, operations, nodes)"),
        ("nodes: []\n", "w.yaml:1: nodes: expected a mapping, got a list"),
        ("title: [x]\nnodes: {}\n", "w.yaml:1: title: expected a string, got a list"),
        ("nodes:\n  a.b: {operation: x}\n", "w.yaml:2: nodes.a.b: node id 'a.b' must not "
                                             "contain '.' in a workflow file"),
        ("nodes:\n  a/b: {operation: x}\n", "w.yaml:2: nodes.a/b: 'a/b' is not a valid node id "
                                             "('/' is not allowed): use letters, digits"),
        ("nodes:\n  inputs: {operation: x}\n", "'inputs' is reserved for a composite's inputs"),
        ("nodes:\n  a: x\n", "w.yaml:2: nodes.a: expected a mapping describing the node, got a "
                             "string"),
        ("nodes:\n  a: {title: A}\n", "w.yaml:2: nodes.a.operation: missing"),
        ("nodes:\n  a: {file: nowhere.csv}\n", "w.yaml:2: nodes.a.file: file not found: "),
        ("nodes:\n  a: {file: w.yaml, params: {}}\n", "nodes.a.params: unknown key"),
        ("nodes:\n  a: {operation: x, position: [1]}\n", "nodes.a.position: expected {x: X, y: Y}"),
        ("parameters: {p: {type: flot}}\nnodes: {}\n",
         "w.yaml:1: parameters.p.type: unknown parameter type 'flot' (known: str, int"),
        ("parameters: {p: {default: 1, typo: 2}}\nnodes: {}\n",
         "parameters.p.typo: unknown key (did you mean 'type'?)"),
        ("parameters: {p: {options: [[1]]}}\nnodes: {}\n", "parameters.p.options: options must "
                                                           "be strings"),
        ("parameters: {p: {a: 1}}\nnodes: {}\n", "parameters.p.a: unknown key"),
        ("imports: [{a: 1}]\nnodes: {}\n", "w.yaml:1: imports.0: expected a string, got a "
                                           "mapping"),
    ],
)
def test_structure_problems(write: Write, store: ArtifactStore, text: str,
                            expected: str) -> None:
    found = problems_of(write("w.yaml", text), store)
    assert any(p.startswith(expected) or expected in p for p in found), found


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ("{title: x}", "operations.op.kind: missing (file, bash_jinja2, python, composite"),
        ("{kind: 3}", "operations.op.kind: expected a string, got a number"),
        ("[1]", "operations.op: expected a mapping describing the operation, got a list"),
        ("{kind: python, inptus: {}}", "operations.op.inptus: unknown key (did you mean "
                                       "'inputs'?)"),
        ("{kind: python, nodes: {}}", "operations.op.nodes: unknown key"),
        ("{kind: composite, code: x, nodes: {}}", "operations.op.code: unknown key"),
        ("{kind: composite}", "operations.op.nodes: missing"),
        ("{kind: file}", "operations.op.file: missing"),
        ("{kind: file, code: x, file: w.yaml}", "operations.op.code: unknown key"),
        ("{kind: python, code: x, code_file: y.py}", "operations.op.code_file: give either code "
                                                     "or code_file"),
        ("{kind: python, code_file: missing.py}", "operations.op.code_file: file not found"),
        ("{kind: python, inputs: [a]}", "operations.op.inputs: expected a mapping, got a list"),
        ("{kind: python, inputs: {a: 3}}", "operations.op.inputs.a: expected a type or a "
                                           "mapping, got a number"),
        ("{kind: python, inputs: {a: {type: csv, max: 0}}}", "operations.op.inputs.a: input 'a':"
                                                             " count range 1..0 is empty"),
        ("{kind: python, inputs: {a: {min: 3, max: 2}}}", "count range 3..2 is empty"),
        ("{kind: python, inputs: {a: {min: -1}}}", "operations.op.inputs.a.min: must be at least"),
        ("{kind: python, inputs: {a: {max: 1.5}}}", "operations.op.inputs.a.max: expected a "
                                                    "whole number"),
        ("{kind: python, outputs: {a: {type: csv, min: 1}}}", "operations.op.outputs.a.min: "
                                                              "unknown key"),
        ("{kind: python, outputs: {a: {from: x.y}}}", "operations.op.outputs.a.from: unknown key"),
        ("{kind: python, timeout: 5 minutes}", "operations.op.timeout: expected a duration such "
                                               "as 500ms"),
        ("{kind: python, timeout: 0}", "operations.op.timeout: a duration must be positive"),
        ("{kind: python, cache: {expiry: never}}", "operations.op.cache.expiry: expected a "
                                                   "duration"),
        ("{kind: python, cache: {enabled: yes}}", "operations.op.cache.enabled: expected true or "
                                                  "false"),
        ("{kind: python, cache: {versoin: 2}}", "operations.op.cache.versoin: unknown key (did "
                                                "you mean 'version'?)"),
        ("{kind: python, cache: off}", "operations.op.cache: expected true, false or a mapping"),
        ("{kind: python, retries: 3}", "operations.op.retries: expected a mapping, got a number"),
        ("{kind: python, retries: {max_attempts: 0}}", "operations.op.retries.max_attempts: must "
                                                       "be at least 1"),
        ("{kind: python, retries: {backoff_factor: 0.5}}", "retries.backoff_factor: must be at "
                                                           "least 1"),
        ("{kind: python, env: {A: [1]}}", "operations.op.env.A: expected a string, got a list"),
        ("{kind: python, parameters: {'': 1}}", "operations.op.parameters.: a parameter name must "
                                                "not be empty"),
        ("{kind: python, parameters: {'bad name!': 1}}", "operations.op.parameters.bad name!: "
                                                         "'bad name!' is not a valid parameter "
                                                         "name (' ' is not allowed)"),
        ("{kind: python, inputs: {../../x: file}}",
         "operations.op.inputs.../../x: '../../x' is not a valid input name (it starts with '.')"),
        ("{kind: python, outputs: {/tmp/x: file}}",
         "operations.op.outputs./tmp/x: '/tmp/x' is not a valid output name (it starts with '/')"),
        ('{kind: python, outputs: {"a\\0b": file}}', "'a\\x00b' is not a valid output name "
                                                     "('\\x00' is not allowed)"),
    ],
)
def test_operation_problems(write: Write, store: ArtifactStore, operation: str,
                            expected: str) -> None:
    path = write("w.yaml", f"operations:\n  op: {operation}\nnodes: {{}}\n")
    found = problems_of(path, store)
    assert any(expected in p for p in found), found


def test_reference_problems(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        parameters: {rate: 0.5}
        operations:
          two: {kind: python, outputs: {a: file, b: file}}
          one: {kind: python, inputs: {x: file, y: file}}
        nodes:
          t: {operation: two}
          o:
            operation: one
            inputs: {x: t, y: inputs.x, z: [t.a, "t.", 3]}
            params: {p: "${rat}", q: "x${rate}"}
        """)
    assert problems_of(path, store) == [
        "w.yaml:9: nodes.o.inputs.x: node 't' has 2 outputs; name one of them (t.a, t.b)",
        "w.yaml:9: nodes.o.inputs.y: inputs.NAME refers to a composite's inputs; it is not "
        "allowed outside a composite",
        "w.yaml:9: nodes.o.inputs.z.1: expected NODE.OUTPUT or NODE, got 't.'",
        "w.yaml:9: nodes.o.inputs.z.2: expected a string, got a number",
        "w.yaml:10: nodes.o.params.p: ${rat}: the workflow has no parameter 'rat' (known: rate)",
        "w.yaml:10: nodes.o.params.q: a parameter reference ${NAME} must be the whole value "
        "(write $${ for a literal ${)",
    ]


def test_composite_problems(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          leaf: {kind: python, inputs: {x: file}, outputs: {out: file}}
          comp:
            kind: composite
            inputs: {data: file}
            parameters: {n: 1}
            outputs:
              a: {from: leaf1.out}
              b: {from: nowhere.out}
              c: {from: leaf1}
              d: file
            nodes:
              leaf1: {operation: leaf, inputs: {x: inputs.dat}, params: {k: "${m}"}}
              leaf2: {operation: leaf, inputs: {x: inputs}}
        nodes: {}
        """)
    assert problems_of(path, store) == [
        "w.yaml:9: operations.comp.outputs.b.from: no node 'nowhere' (known: leaf1, leaf2)",
        "w.yaml:10: operations.comp.outputs.c.from: expected NODE.OUTPUT, got 'leaf1'",
        "w.yaml:11: operations.comp.outputs.d: a composite output needs 'from: NODE.OUTPUT'",
        "w.yaml:13: operations.comp.nodes.leaf1.inputs.x: the composite has no input 'dat' "
        "(known: data)",
        "w.yaml:13: operations.comp.nodes.leaf1.params.k: ${m}: the composite has no parameter "
        "'m' (known: n)",
        "w.yaml:14: operations.comp.nodes.leaf2.inputs.x: name the input: inputs.NAME",
    ]


def test_unused_operations_are_checked_too(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          comp: {nodes: {a: {operation: missing}}}
        nodes: {}
        """)
    assert problems_of(path, store) == [
        "w.yaml:2: operations.comp.nodes.a.operation: unknown operation 'missing' "
        "(known: comp)"
    ]


def test_inline_operation_problems(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", "nodes:\n  a: {operation: {kind: python, timeout: -1}}\n")
    assert problems_of(path, store) == [
        "w.yaml:2: nodes.a.operation.timeout: a duration must be positive and finite, got -1"
    ]


def test_files_are_not_stored_when_there_are_problems(write: Write, store: ArtifactStore) -> None:
    write("data.csv", "1\n")
    path = write("w.yaml", "nodes:\n  d: {file: data.csv}\n  x: {operation: missing}\n")
    problems_of(path, store)
    assert list(store.digests()) == []


def test_unreadable_workflow_files(write: Write, store: ArtifactStore, tmp_path: Path) -> None:
    with pytest.raises(WorkflowFileError, match=r"cannot read workflow file .*nope.yaml: file not "
                                                r"found"):
        load_workflow(tmp_path / "nope.yaml", store)
    path = write("w.yaml", "nodes:\n  a: {operation: x\n")
    with pytest.raises(WorkflowFileError, match=r"w.yaml:\d: not valid YAML"):
        load_workflow(path, store)
    path = write("w.yaml", "nodes:\n  a: {}\n  a: {}\n")
    with pytest.raises(WorkflowFileError, match=r"w.yaml:3: key 'a' appears twice"):
        load_workflow(path, store)
    path = write("w.toml", "nodes = 1\n")
    with pytest.raises(WorkflowFileError, match="unknown file type '.toml'"):
        load_workflow(path, store)


# imports ---------------------------------------------------------------------------------


def test_import_cycles_are_refused(write: Write, store: ArtifactStore) -> None:
    write("a.yaml", "imports: [lib/b.yaml]\noperations: {a: {kind: python}}\n")
    write("lib/b.yaml", "imports: [../a.yaml]\noperations: {b: {kind: python}}\n")
    path = write("main.yaml", "imports: [a.yaml]\nnodes: {x: {operation: b}}\n")
    assert problems_of(path, store) == [
        "lib/b.yaml:1: imports.0: import cycle: main.yaml -> a.yaml -> lib/b.yaml -> a.yaml"
    ]


def test_a_file_importing_itself(write: Write, store: ArtifactStore) -> None:
    path = write("main.yaml", "imports: [main.yaml]\nnodes: {}\n")
    assert problems_of(path, store) == [
        "main.yaml:1: imports.0: import cycle: main.yaml -> main.yaml"
    ]


def test_import_problems(write: Write, store: ArtifactStore) -> None:
    write("lib.yaml", """\
        parameters: {p: 1}
        operations:
          grep: {kind: python}
          ok: {kind: python, oops: 1}
        nodes: {}
        """)
    write("broken.yaml", "operations: [\n")
    path = write("main.yaml", """\
        imports: [lib.yaml, missing.yaml, broken.yaml]
        operations:
          grep: {kind: bash_jinja2}
        nodes: {x: {operation: grep}}
        """)
    assert problems_of(path, store) == [
        f"main.yaml:1: imports.1: file not found: {path.parent / 'missing.yaml'}",
        "lib.yaml:1: parameters: an imported file may only declare operations",
        "lib.yaml:3: operations.grep: operation 'grep' is already defined in main.yaml",
        "lib.yaml:4: operations.ok.oops: unknown key (allowed: kind, title, description, inputs, "
        "outputs, parameters, code, code_file, cache, retries, timeout, env)",
        "lib.yaml:5: nodes: an imported file may only declare operations",
        "broken.yaml:2: not valid YAML: expected the node content, but found '<stream end>'",
    ]


def test_storing_a_file_that_vanished(write: Write, store: ArtifactStore,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = write("data.csv", "1\n")
    path = write("w.yaml", "nodes:\n  d: {file: data.csv}\n")

    real_put = store.put

    def vanish_then_put(target: Path, **kwargs: object):  # noqa: ANN202
        data.unlink()
        return real_put(target)

    monkeypatch.setattr(store, "put", vanish_then_put)
    with pytest.raises(WorkflowFileError, match=r"w.yaml:2: nodes.d.file: cannot store .*data.csv"):
        load_workflow(path, store)
