"""The operations endpoints: drafts, publishing, deprecation, clones, stars, search, previews
and who may do what."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import Policy
from plynx.kinds import bounded_render
from plynx.kinds.bounded_render import BoundedRenderer
from plynx.model import Operation
from plynx.server import Services
from plynx.server.schemas.operations import READ_ONLY_FIELDS, OperationDetail, OperationDraft
from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401

URL = "/api/v1/operations"

SORT = {
    "name": "sort",
    "kind": "bash_jinja2",
    "description": "Order the lines of a text",
    "inputs": [{"name": "lines", "type": "text"}],
    "outputs": [{"name": "sorted", "type": "text"}],
    "parameters": [{"name": "flags", "type": "str", "default": "-n"}],
    "code": "sort {{ param.flags }} {{ input.lines }} > {{ output.sorted }}",
}


def create(api: TestClient, headers: dict[str, str] | None = None,
           **changes: Any) -> dict[str, Any]:
    response = api.post(URL, json={**SORT, **changes}, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def publish(api: TestClient, op: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"{URL}/{op['id']}/publish")
    assert response.status_code == 200, response.text
    published: dict[str, Any] = response.json()
    return published


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    return body


def listed(api: TestClient, **params: Any) -> list[str]:
    """``name:version`` of the listed operations."""
    response = api.get(URL, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return [f"{item['name']}:{item['version']}" for item in page["items"]]


def test_the_draft_model_covers_every_editable_field() -> None:
    editable = set(Operation.model_fields) | set(OperationDetail.model_fields)
    assert set(OperationDraft.model_fields) == editable - READ_ONLY_FIELDS


def test_creating_drafts(api: TestClient) -> None:
    first = create(api, id="mine", status="published", version=9, author="eve")
    assert first["id"] != "mine"
    assert (first["version"], first["status"], first["author"]) == (1, "draft", "default")
    assert first["created_at"] and first["starred"] is False and first["archived"] is False
    assert create(api)["version"] == 2
    assert api.get(f"{URL}/{first['id']}").json() == first


def test_bad_drafts_are_refused_naming_the_field(api: TestClient) -> None:
    too_long = error(api.post(URL, json={**SORT, "name": "x" * 256}), 422)
    assert too_long["problems"][0]["where"] == "body.name"
    assert error(api.post(URL, json={**SORT, "name": ""}), 422)["problems"]
    assert "unknown kind 'nope'" in error(api.post(URL, json={**SORT, "kind": "nope"}),
                                          400)["message"]
    unknown = error(api.post(URL, json={**SORT, "colour": "red"}), 422)
    assert unknown["problems"][0]["where"] == "body.colour"
    nul = error(api.post(URL, json={**SORT, "title": "a\x00b"}), 422)
    assert "title: NUL characters are not allowed" in nul["message"]
    bad_range = error(api.post(URL, json={**SORT, "inputs": [{"name": "x", "max_count": 0}]}),
                      422)
    assert "count range" in bad_range["message"]
    assert error(api.get(f"{URL}/nope"), 404)["message"] == "operation 'nope' not found"


def test_editing_a_draft_then_publishing_makes_it_immutable(api: TestClient) -> None:
    draft = create(api)
    edited = api.put(f"{URL}/{draft['id']}", json={**draft, "code": "sort > {{ output.sorted }}",
                                                   "title": "Sort"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Sort"
    assert edited.json()["created_at"] == draft["created_at"]
    published = publish(api, edited.json())
    assert published["status"] == "published"
    refused = error(api.put(f"{URL}/{draft['id']}", json={**SORT, "title": "Changed"}), 409)
    assert "clone it into a new version" in refused["message"]
    assert error(api.post(f"{URL}/{draft['id']}/publish"), 409)["message"].endswith(
        "is already published")
    assert api.get(f"{URL}/{draft['id']}").json()["title"] == "Sort"


def test_publishing_an_invalid_operation_lists_every_problem(api: TestClient) -> None:
    op = create(api, code="sort {{ param.order }} {{ input.lines }}",
                inputs=[{"name": "lines", "type": "text"}, {"name": "lines", "type": "nope"}],
                parameters=[{"name": "n", "type": "int", "default": "many"}])
    body = error(api.post(f"{URL}/{op['id']}/publish"), 422)
    assert body["message"].startswith("operation is invalid")
    problems = {(p["where"], p["message"]) for p in body["problems"]}
    assert ("code", "template line 1: param['order'] refers to no declared parameter") \
        in problems
    assert ("lines", "unknown resource type 'nope'") in problems
    assert ("inputs.lines", "input 'lines' is declared twice") in problems
    assert any(where == "parameters.n" and "expects int" in message
               for where, message in problems)
    assert api.get(f"{URL}/{op['id']}").json()["status"] == "draft"


def test_a_file_operation_needs_its_artifact_in_the_store(api: TestClient,
                                                           services: Services) -> None:
    file = {"name": "words", "kind": "file", "outputs": [{"name": "out", "type": "text"}],
            "parameters": [], "inputs": [], "code": ""}
    missing = create(api, **file)
    assert error(api.post(f"{URL}/{missing['id']}/publish"), 422)["problems"] == [
        {"where": "artifact", "message": "a file needs the digest of its artifact"}]
    absent = create(api, **file, artifact="0" * 64)
    problem = error(api.post(f"{URL}/{absent['id']}/publish"), 422)["problems"][0]
    assert "is not in the artifact store" in problem["message"]
    stored = services.artifacts.put_bytes(b"alpha\nbeta\n")
    assert publish(api, create(api, **file, artifact=stored.digest))["status"] == "published"


def test_a_composite_needs_a_valid_graph_of_published_operations(api: TestClient) -> None:
    inner = create(api)
    composite = {"name": "pipeline", "kind": "composite", "code": "", "parameters": [],
                 "inputs": [{"name": "text", "type": "text"}],
                 "outputs": [{"name": "result", "type": "text"}],
                 "graph": {"nodes": [{"id": "s", "operation": inner["id"]}],
                           "edges": [{"source": "inputs", "output": "text", "target": "s",
                                      "input": "lines"}],
                           "outputs": {"result": {"node": "s", "output": "sorted"}}}}
    op = create(api, **composite)
    problems = error(api.post(f"{URL}/{op['id']}/publish"), 422)["problems"]
    assert problems == [{"where": "nodes.s",
                         "message": "uses the draft 'sort' version 1; publish it first"}]
    publish(api, inner)
    assert publish(api, op)["status"] == "published"
    broken = create(api, **{**composite, "graph": {
        "nodes": [{"id": "s", "operation": "unknown-id"}], "edges": [],
        "outputs": {"result": {"node": "s", "output": "sorted"}}}})
    problems = error(api.post(f"{URL}/{broken['id']}/publish"), 422)["problems"]
    assert {"where": "nodes.s", "message": "unknown operation 'unknown-id'"} in problems


def test_deprecating_with_a_successor(api: TestClient) -> None:
    old = create(api)
    draft = create(api)
    deprecate = f"{URL}/{old['id']}/deprecate"
    assert "is a draft" in error(api.post(deprecate, json={}), 409)["message"]
    publish(api, old)
    assert "cannot succeed itself" in error(api.post(deprecate, json={
        "successor": old["id"]}), 400)["message"]
    assert "'nope' not found" in error(api.post(deprecate, json={"successor": "nope"}),
                                       400)["message"]
    assert "is draft, not published" in error(api.post(deprecate, json={
        "successor": draft["id"]}), 400)["message"]
    new = publish(api, draft)
    response = api.post(deprecate, json={"successor": new["id"]})
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["successor"]) == ("deprecated", new["id"])
    mandatory = api.post(deprecate, json={"mandatory": True, "successor": new["id"]}).json()
    assert mandatory["status"] == "mandatory_deprecated"


def test_cloning_gives_the_next_version_or_a_new_name(api: TestClient) -> None:
    original = publish(api, create(api, title="Sort"))
    clone = api.post(f"{URL}/{original['id']}/clone")
    assert clone.status_code == 201, clone.text
    copy = clone.json()
    assert (copy["name"], copy["version"], copy["status"]) == ("sort", 2, "draft")
    assert (copy["title"], copy["code"]) == ("Sort", original["code"])
    assert copy["id"] != original["id"]
    renamed = api.post(f"{URL}/{original['id']}/clone", json={"name": "order"}).json()
    assert (renamed["name"], renamed["version"]) == ("order", 1)
    assert error(api.post(f"{URL}/{original['id']}/clone", json={"name": ""}), 422)
    assert "NUL" in error(api.post(f"{URL}/{original['id']}/clone", json={"name": "a\x00"}),
                          422)["message"]


def test_stars_are_per_name(api: TestClient) -> None:
    v1 = create(api)
    v2 = create(api)
    other = create(api, name="uniq")
    starred = api.post(f"{URL}/{v1['id']}/star")
    assert starred.status_code == 200 and starred.json()["starred"] is True
    assert api.get(f"{URL}/{v2['id']}").json()["starred"] is True
    assert listed(api, starred=True) == ["sort:2", "sort:1"]
    assert listed(api, starred=False) == ["uniq:1"]
    assert api.delete(f"{URL}/{v2['id']}/star").json()["starred"] is False
    assert listed(api, starred=True) == []
    assert api.get(f"{URL}/{other['id']}").json()["starred"] is False


def test_only_drafts_are_deleted(api: TestClient) -> None:
    draft = create(api)
    assert api.delete(f"{URL}/{draft['id']}").status_code == 204
    assert api.get(f"{URL}/{draft['id']}").status_code == 404
    published = publish(api, create(api))
    assert "archive it instead" in error(api.delete(f"{URL}/{published['id']}"), 409)["message"]


def test_archiving_hides_from_listings(api: TestClient) -> None:
    op = create(api)
    create(api, name="uniq")
    archived = api.post(f"{URL}/{op['id']}/archive").json()
    assert archived["archived"] is True
    assert listed(api) == ["uniq:1"]
    assert listed(api, include_archived=True) == ["sort:1", "uniq:1"]
    assert api.get(f"{URL}/{op['id']}").status_code == 200
    assert api.post(f"{URL}/{op['id']}/unarchive").json()["archived"] is False
    assert listed(api) == ["sort:1", "uniq:1"]


def test_every_filter_of_the_search(api: TestClient) -> None:
    sort1 = publish(api, create(api))
    create(api, title="Reverse", inputs=[{"name": "lines", "type": "csv"}], code="sort -r")
    split = publish(api, create(api, name="split", kind="python", code="pass", inputs=[],
                                description="Cut in parts",
                                outputs=[{"name": "parts", "type": "directory"}],
                                parameters=[]))
    assert listed(api) == ["sort:2", "sort:1", "split:1"]
    assert listed(api, q="ORDER lines") == ["sort:2", "sort:1"]
    assert listed(api, q="reverse") == ["sort:2"]
    assert listed(api, author="default") == listed(api)
    assert listed(api, author="eve") == []
    assert listed(api, kind="python") == ["split:1"]
    assert listed(api, status="draft") == ["sort:2"]
    assert listed(api, status=["draft", "published"]) == listed(api)
    assert listed(api, input_type="csv") == ["sort:2"]
    assert listed(api, output_type="directory") == ["split:1"]
    assert listed(api, name="sort") == ["sort:2", "sort:1"]
    assert listed(api, latest_only=True) == ["sort:2", "split:1"]
    assert listed(api, latest_only=True, status="published") == ["sort:1", "split:1"]
    assert listed(api, sort="recent") == ["split:1", "sort:2", "sort:1"]
    versions = api.get(f"{URL}/{sort1['id']}/versions").json()
    assert [i["version"] for i in versions["items"]] == [2, 1] and versions["total"] == 2
    assert "code" not in versions["items"][0]  # summaries
    assert split["id"] in {i["id"] for i in api.get(URL).json()["items"]}
    assert error(api.get(URL, params={"status": "gone"}), 422)["problems"]
    assert error(api.get(URL, params={"sort": "size"}), 422)["problems"]
    assert error(api.get(URL, params={"q": "a\x00"}), 422)["problems"] == [
        {"where": "query.q", "message": "NUL characters are not allowed"}]


def test_pages_of_the_search(api: TestClient) -> None:
    for name in ("a", "b", "c", "d", "e"):
        create(api, name=name)
    page = api.get(URL, params={"offset": 2, "limit": 2}).json()
    assert (page["total"], page["offset"], page["limit"]) == (5, 2, 2)
    assert [item["name"] for item in page["items"]] == ["c", "d"]
    assert api.get(URL, params={"offset": 4, "limit": 2}).json()["total"] == 5
    assert error(api.get(URL, params={"limit": 0}), 422)


def test_preview_renders_and_quotes_parameters(api: TestClient) -> None:
    op = create(api)
    preview = f"{URL}/{op['id']}/preview"
    default = api.post(preview)
    assert default.status_code == 200, default.text
    assert default.json()["command"] == (
        "sort -n /tmp/plynx/inputs/lines > /tmp/plynx/outputs/sorted")
    quoted = api.post(preview, json={"params": {"flags": "; touch pwned"},
                                     "inputs": {"lines": ["/data/my file.txt"]}})
    assert quoted.json()["command"] == (
        "sort '; touch pwned' '/data/my file.txt' > /tmp/plynx/outputs/sorted")
    assert "unknown parameter" in error(api.post(preview, json={"params": {"x": 1}}),
                                        400)["message"]
    assert "unknown input" in error(api.post(preview, json={"inputs": {"x": []}}),
                                    400)["message"]
    typed = create(api, name="head", code="head -n {{ param.n }}",
                   parameters=[{"name": "n", "type": "int", "default": 3}])
    message = error(api.post(f"{URL}/{typed['id']}/preview", json={"params": {"n": "ten"}}),
                    400)["message"]
    assert "parameter 'n' expects int" in message
    broken = create(api, name="broken", code="echo {{ param.missing }} {% if %}")
    assert "template line 1" in error(api.post(f"{URL}/{broken['id']}/preview"),
                                      400)["message"]
    undefined = create(api, name="undefined", code="echo {{ param.missing }}")
    assert "param has no 'missing'" in error(api.post(f"{URL}/{undefined['id']}/preview"),
                                             400)["message"]
    python = create(api, name="py", kind="python", code="pass")
    assert "only bash_jinja2" in error(api.post(f"{URL}/{python['id']}/preview"),
                                       400)["message"]


def test_preview_renders_lists_raw_values_and_names_before_dict_methods(
        api: TestClient) -> None:
    op = create(api, name="cat", code="cat {{ input['data.csv'] }} {{ param.items }} "
                                      "{{ param.flags | raw }} > {{ output.out }}",
                inputs=[{"name": "data.csv", "type": "csv", "min_count": 1, "max_count": -1}],
                outputs=[{"name": "out", "type": "file"}],
                parameters=[{"name": "items", "type": "list_str", "default": ["a b", "c"]},
                            {"name": "flags", "type": "str", "default": "-n -v"}])
    response = api.post(f"{URL}/{op['id']}/preview",
                        json={"inputs": {"data.csv": ["/d/1.csv", "/d/2 .csv"]}})
    assert response.json()["command"] == (
        "cat /d/1.csv '/d/2 .csv' 'a b' c -n -v > /tmp/plynx/outputs/out")


def test_unsaved_content_is_previewed_and_nothing_is_stored(api: TestClient) -> None:
    draft = {**SORT, "code": "sort {{ param.flags }} -k2 {{ input.lines }}"}
    response = api.post(f"{URL}/preview", json={"operation": draft,
                                                "params": {"flags": "-r n"}})
    assert response.status_code == 200, response.text
    assert response.json()["command"] == "sort '-r n' -k2 /tmp/plynx/inputs/lines"
    assert api.get(URL).json()["total"] == 0

    unknown = {**SORT, "parameters": []}
    assert "unknown parameter" in error(api.post(f"{URL}/preview", json={
        "operation": unknown, "params": {"flags": "-r"}}), 400)["message"]
    python = {**SORT, "kind": "python"}
    assert "only bash_jinja2" in error(api.post(f"{URL}/preview", json={"operation": python}),
                                       400)["message"]
    assert "unknown kind" in error(api.post(f"{URL}/preview", json={
        "operation": {**SORT, "kind": "nope"}}), 400)["message"]
    ill_typed = {**SORT, "inputs": [{"name": "lines", "min_count": "one"}]}
    problem = error(api.post(f"{URL}/preview", json={"operation": ill_typed}), 422)
    assert "min_count" in str(problem)
    assert api.post(f"{URL}/preview", json={"params": {}}).status_code == 422


@pytest.mark.parametrize("code", [
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ 'x' * 100000000 }}",
    "{{ 10 ** 100000000 }}",
])
def test_preview_renders_in_a_sandbox(api: TestClient, code: str) -> None:
    op = create(api, name="evil", code=code)
    message = error(api.post(f"{URL}/{op['id']}/preview"), 400)["message"]
    assert message.startswith("operation 'evil': template")



def test_preview_warns_of_values_placed_where_quoting_does_not_protect_them(
        api: TestClient) -> None:
    code = 'set -e\necho "sorting {{ param.flags }}"\nsort {{ param.flags }} {{ input.lines }}'
    response = api.post(f"{URL}/preview", json={"operation": {**SORT, "code": code}})
    assert response.status_code == 200, response.text
    (warning,) = response.json()["warnings"]
    assert (warning["where"], warning["line"]) == ("code", 2)
    assert warning["message"].startswith(
        "template line 2: {{ param.flags }} is inside double quotes")
    assert "$PLYNX_PARAM_flags" in warning["message"]

    op = create(api, code="sort {{ param.flags }} {{ input.lines }} > {{ output.sorted }}")
    assert api.post(f"{URL}/{op['id']}/preview").json()["warnings"] == []


#: Nested loops that run for seconds in Python (the interpreter switching threads).
SLOW = "{% for i in range(100000) %}{% for j in range(3000) %}{% endfor %}{% endfor %}"


def test_a_hostile_preview_is_stopped_and_never_holds_the_server(
        api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = BoundedRenderer(seconds=1)
    monkeypatch.setattr(bounded_render, "RENDERER", renderer)
    rendering = threading.Event()
    ask = bounded_render._Worker.ask

    def noted_ask(worker: Any, request: bytes, seconds: float) -> Any:
        rendering.set()
        return ask(worker, request, seconds)

    monkeypatch.setattr(bounded_render._Worker, "ask", noted_ask)
    finished: list[str] = []
    answers: dict[str, Any] = {}

    def preview() -> None:
        answers["preview"] = api.post(f"{URL}/preview",
                                      json={"operation": {**SORT, "code": SLOW}})
        finished.append("preview")

    thread = threading.Thread(target=preview)
    thread.start()
    try:
        assert rendering.wait(60)
        assert api.get("/api/v1/health").status_code == 200
        finished.append("health")
        thread.join()
        assert finished == ["health", "preview"]
        assert error(answers["preview"], 422)["message"] == (
            "operation 'sort': the template took longer than 1 s to render")
        assert api.post(f"{URL}/preview", json={"operation": SORT}).status_code == 200
    finally:
        thread.join()
        renderer.close()

# -- multi-user ---------------------------------------------------------------------------

AUTHOR = {Policy.CREATE_OPERATIONS}


def test_others_operations_need_view_others_operations(multi: TestClient) -> None:
    alice = user_headers(multi, "alice", AUTHOR)
    bob = user_headers(multi, "bob", AUTHOR)
    op = create(multi, alice)
    assert op["author"] == "alice"
    assert multi.get(f"{URL}/{op['id']}", headers=bob).status_code == 404
    assert multi.get(URL, headers=bob).json()["total"] == 0
    assert multi.post(f"{URL}/{op['id']}/clone", headers=bob).status_code == 404
    assert multi.post(f"{URL}/{op['id']}/star", headers=bob).status_code == 404
    reader = user_headers(multi, "reader", {Policy.VIEW_OTHERS_OPERATIONS})
    assert multi.get(f"{URL}/{op['id']}", headers=reader).status_code == 200
    assert multi.get(URL, headers=reader).json()["total"] == 1


def test_only_the_author_or_an_admin_changes_an_operation(multi: TestClient) -> None:
    alice = user_headers(multi, "alice", AUTHOR)
    bob = user_headers(multi, "bob", {*AUTHOR, Policy.VIEW_OTHERS_OPERATIONS})
    admin = user_headers(multi, "admin", {Policy.ADMIN})
    op = create(multi, alice)
    for method, path, body in [("put", "", SORT), ("post", "/publish", None),
                               ("post", "/archive", None), ("post", "/deprecate", {}),
                               ("delete", "", None)]:
        response = multi.request(method, f"{URL}/{op['id']}{path}", json=body, headers=bob)
        assert error(response, 403)["message"].startswith("only the author"), path
    edited = multi.put(f"{URL}/{op['id']}", json={**SORT, "title": "by admin"}, headers=admin)
    assert edited.status_code == 200 and edited.json()["author"] == "alice"
    clone = multi.post(f"{URL}/{op['id']}/clone", headers=bob)
    assert clone.status_code == 201 and clone.json()["author"] == "bob"
    assert multi.put(f"{URL}/{clone.json()['id']}", json=SORT, headers=bob).status_code == 200


def test_creating_needs_create_operations(multi: TestClient) -> None:
    viewer = user_headers(multi, "viewer", {Policy.VIEW_OTHERS_OPERATIONS})
    assert "create_operations" in error(multi.post(URL, json=SORT, headers=viewer),
                                        403)["message"]
    alice = user_headers(multi, "alice", AUTHOR)
    op = create(multi, alice)
    assert error(multi.post(f"{URL}/{op['id']}/clone", headers=viewer), 403)


def test_stars_belong_to_each_user(multi: TestClient) -> None:
    alice = user_headers(multi, "alice", {*AUTHOR, Policy.VIEW_OTHERS_OPERATIONS})
    bob = user_headers(multi, "bob", {Policy.VIEW_OTHERS_OPERATIONS})
    op = create(multi, alice)
    assert multi.post(f"{URL}/{op['id']}/star", headers=bob).json()["starred"] is True
    assert multi.get(f"{URL}/{op['id']}", headers=alice).json()["starred"] is False
    assert multi.get(URL, params={"starred": True}, headers=bob).json()["total"] == 1
    assert multi.get(URL, params={"starred": True}, headers=alice).json()["total"] == 0


@pytest.mark.parametrize("path", ["", "/versions"])
def test_unknown_operations_are_not_found(api: TestClient, path: str) -> None:
    assert error(api.get(f"{URL}/nope{path}"), 404)["code"] == "not_found"
