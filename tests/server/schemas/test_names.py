"""Request bodies naming anything against the name rule are refused: a 422 pointing at every
bad name, and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from plynx.model.names import name_problem
from plynx.server.schemas.operations import CloneRequest, OperationDraft
from plynx.server.schemas.workflows import WorkflowDraft

API = "/api/v1"
BAD = ["..", ".", "/tmp/x", "../../x", "bad name!", "-rf", "x" * 101]
OPERATION = {"name": "echo", "kind": "bash_jinja2", "outputs": [{"name": "out"}],
             "code": "echo hi > {{ output.out }}"}


def located(error: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    return [(e["loc"], e["msg"]) for e in error.errors()]


@pytest.mark.parametrize("bad", BAD)
def test_every_bad_name_of_an_operation_draft_is_located(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        OperationDraft.model_validate({
            "name": bad, "kind": "composite",
            "inputs": [{"name": "ok"}, {"name": bad}], "outputs": [{"name": bad}],
            "parameters": [{"name": bad}],
            "graph": {"nodes": [{"id": bad, "operation": "o", "params": {bad: 1},
                                 "param_refs": {"p": bad}}],
                      "edges": [{"source": bad, "output": "out", "target": "n", "input": bad}],
                      "outputs": {bad: {"node": bad, "output": "out"}}}})
    assert located(caught.value) == [
        (("name",), name_problem(bad, "operation name")),
        (("inputs", 1, "name"), name_problem(bad, "input name")),
        (("outputs", 0, "name"), name_problem(bad, "output name")),
        (("parameters", 0, "name"), name_problem(bad, "parameter name")),
        (("graph", "nodes", 0, "id"), name_problem(bad, "node id")),
        (("graph", "nodes", 0, "params", bad), name_problem(bad, "parameter name")),
        (("graph", "nodes", 0, "param_refs", "p"), name_problem(bad, "parameter name")),
        (("graph", "edges", 0, "source"), name_problem(bad, "node id")),
        (("graph", "edges", 0, "input"), name_problem(bad, "input name")),
        (("graph", "outputs", bad), name_problem(bad, "output name")),
        (("graph", "outputs", bad, "node"), name_problem(bad, "node id")),
    ]


def test_workflow_drafts_check_their_parameters_graph_and_operations() -> None:
    op = {**OPERATION, "id": "op1", "inputs": [{"name": "../x"}]}
    with pytest.raises(ValidationError) as caught:
        WorkflowDraft.model_validate({
            "parameters": [{"name": "bad name!"}],
            "graph": {"nodes": [{"id": "..", "operation": "op1"}]},
            "operations": {"op1": op}})
    assert [loc for loc, _ in located(caught.value)] == [
        ("parameters", 0, "name"), ("graph", "nodes", 0, "id"),
        ("operations", "op1", "inputs", 0, "name")]
    assert "not a valid workflow parameter name" in located(caught.value)[0][1]


def test_valid_names_pass() -> None:
    draft = OperationDraft.model_validate({
        **OPERATION, "name": "split.v2", "inputs": [{"name": "data.csv", "max_count": -1}],
        "parameters": [{"name": "_rate", "default": 0.5}]})
    assert draft.inputs[0].name == "data.csv"
    assert CloneRequest(name="split-2").name == "split-2"
    with pytest.raises(ValidationError, match="not a valid name"):
        CloneRequest(name="bad name!")


@pytest.mark.parametrize(("field", "value", "where"), [
    ("name", "bad name!", "body.name"),
    ("name", "..", "body.name"),
    ("inputs", [{"name": "../../x"}], "body.inputs.0.name"),
    ("outputs", [{"name": "/tmp/x"}], "body.outputs.0.name"),
    ("parameters", [{"name": "."}], "body.parameters.0.name"),
    ("outputs", [{"name": "a\x00b"}], "body.outputs.0.name"),
])
def test_the_api_refuses_bad_names_of_operations(api: TestClient, field: str, value: Any,
                                                 where: str) -> None:
    response = api.post(f"{API}/operations", json={**OPERATION, field: value})
    assert response.status_code == 422, response.text
    assert [p["where"] for p in response.json()["error"]["problems"]] == [where]
    assert api.get(f"{API}/operations").json()["total"] == 0


def test_the_api_refuses_bad_names_of_workflows_and_clones(api: TestClient) -> None:
    op = api.post(f"{API}/operations", json=OPERATION).json()
    for bad in ("..", "/tmp/x", "a\x00b", "bad name!"):
        response = api.post(f"{API}/workflows", json={
            "graph": {"nodes": [{"id": bad, "operation": op["id"]}]}})
        assert response.status_code == 422, response.text
        problem = response.json()["error"]["problems"][0]
        assert problem["where"] == "body.graph.nodes.0.id"
        assert "not a valid node id" in problem["message"] or "NUL" in problem["message"]
    assert api.get(f"{API}/workflows").json()["total"] == 0
    response = api.post(f"{API}/operations/{op['id']}/clone", json={"name": "bad name!"})
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "body.name"
