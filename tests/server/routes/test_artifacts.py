"""Artifacts: downloads and previews of run outputs, uploads, visibility and lineage."""

from __future__ import annotations

import base64
import io
import tarfile
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from plynx.auth import Policy, Principal
from plynx.engine.submission import create_run
from plynx.model import Operation, Run, Workflow
from plynx.server import Services
from plynx.server.security import current_principal
from plynx.store.tables import UploadRow
from tests.factories import bash, workflow
from tests.server.conftest import wait_for

TABLE = b"a,b\n1,2\n3,4\n"

#: Makes the following requests as the user ``bob`` holding the given policies.
SwitchUser = Callable[..., None]


def launch(services: Services, wf: Workflow) -> Run:
    """Submit ``wf`` to the scheduler and wait until its run has ended."""
    run_id = create_run(services.store, services.registry, wf).run.id
    services.wake()
    return wait_for(lambda: (run := services.store.get_run(run_id)).status.is_terminal and run)


def chain() -> Workflow:
    make = bash("make", "printf 'a,b\\n1,2\\n3,4\\n' > {{ output.table }}",
                outputs={"table": "csv"})
    count = bash("count", "tail -n +2 {{ input.table }} | wc -l | tr -d ' ' > {{ output.n }}",
                 inputs={"table": "csv"}, outputs={"n": "text"})
    return workflow({"make": make, "count": count}, ["make.table -> count.table"])


@pytest.fixture
def chain_run(services: Services) -> Run:
    run = launch(services, chain())
    assert run.status == "succeeded", run.error
    return run


def output_url(run: Run, node: str, output: str, what: str = "download") -> str:
    return f"/api/v1/runs/{run.id}/outputs/{what}?node={node}&output={output}"


def upload(api: TestClient, name: str, data: bytes, **params: str) -> dict:
    response = api.post("/api/v1/artifacts", params=params, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def as_user(api: TestClient) -> Iterator[SwitchUser]:
    """Make the following requests as another user with some policies."""

    def switch(*policies: Policy) -> None:
        user = Principal(user_id="u-bob", username="bob", policies=frozenset(policies))
        api.app.dependency_overrides[current_principal] = lambda: user

    yield switch
    api.app.dependency_overrides.clear()


# ------------------------------------------------------------------ run outputs


def test_download_streams_the_output_bytes_as_a_safe_attachment(
        api: TestClient, chain_run: Run) -> None:
    response = api.get(output_url(chain_run, "make", "table"))
    assert response.status_code == 200
    assert response.content == TABLE
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="table"')
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert api.get(output_url(chain_run, "count", "n")).text == "2\n"


def test_a_directory_downloads_as_its_tar(api: TestClient, services: Services) -> None:
    folder = bash("folder", "mkdir -p {{ output.dir }}/sub && echo hi > {{ output.dir }}/sub/x",
                  outputs={"dir": "directory"})
    run = launch(services, workflow({"f": folder}))
    response = api.get(output_url(run, "f", "dir"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-tar"
    assert 'filename="dir.tar"' in response.headers["content-disposition"]
    with tarfile.open(fileobj=io.BytesIO(response.content)) as archive:
        member = archive.extractfile("sub/x")
        assert member is not None and member.read() == b"hi\n"
    preview = api.get(output_url(run, "f", "dir", "preview")).json()
    assert preview["kind"] == "directory" and preview["directory"] is True
    assert {e["path"] for e in preview["data"]["entries"]} == {"sub", "sub/x"}


def test_previews_follow_the_resource_type(api: TestClient, services: Services) -> None:
    make = bash("make", "printf 'a,b\\n1,2\\n' > {{ output.t }}; echo '{\"k\": [1, 2]}' > "
                        "{{ output.j }}; echo hello > {{ output.x }}",
                outputs={"t": "csv", "j": "json", "x": "text"})
    run = launch(services, workflow({"m": make}))
    table = api.get(output_url(run, "m", "t", "preview"))
    assert table.status_code == 200
    assert table.headers["x-content-type-options"] == "nosniff"
    assert table.json()["type"] == "csv" and table.json()["kind"] == "table"
    assert table.json()["data"] == {"columns": ["a", "b"], "rows": [["1", "2"]]}
    document = api.get(output_url(run, "m", "j", "preview")).json()
    assert (document["kind"], document["data"]) == ("json", {"k": [1, 2]})
    text = api.get(output_url(run, "m", "x", "preview")).json()
    assert (text["kind"], text["data"], text["size"]) == ("text", "hello\n", 6)


def test_missing_runs_nodes_and_outputs_are_named(api: TestClient, services: Services,
                                                  chain_run: Run) -> None:
    response = api.get(output_url(chain_run, "nope", "table"))
    assert response.status_code == 404 and "'nope'" in response.json()["error"]["message"]
    response = api.get(output_url(chain_run, "make", "nope"))
    assert response.status_code == 404
    assert "'table'" in response.json()["error"]["message"]  # lists the outputs it has
    fake = chain_run.model_copy(update={"id": "no-such-run"})
    assert api.get(output_url(fake, "make", "table")).status_code == 404

    failing = bash("fail", "exit 3", outputs={"out": "file"})
    after = bash("after", "cp {{ input.x }} {{ output.y }}", inputs={"x": "file"},
                 outputs={"y": "file"})
    run = launch(services, workflow({"f": failing, "a": after}, ["f.out -> a.x"]))
    response = api.get(output_url(run, "a", "y", "preview"))
    assert response.status_code == 404
    assert "not produced yet" in response.json()["error"]["message"]
    assert api.get(output_url(run, "a", "y")).status_code == 404


def test_runs_of_others_are_hidden_without_the_policy(api: TestClient, chain_run: Run,
                                                      as_user: SwitchUser) -> None:
    as_user(Policy.VIEW_OTHERS_OPERATIONS)
    assert api.get(output_url(chain_run, "make", "table")).status_code == 404
    as_user(Policy.VIEW_OTHERS_WORKFLOWS)
    assert api.get(output_url(chain_run, "make", "table")).content == TABLE


# ------------------------------------------------------------------ uploads


def test_upload_stores_the_file_and_records_who_sent_it(api: TestClient,
                                                        services: Services) -> None:
    body = upload(api, "data.csv", TABLE)
    assert body["filename"] == "data.csv" and body["size"] == len(TABLE)
    assert body["type"] == "csv" and body["operation"] is None
    with services.artifacts.open(body["digest"]) as stored:
        assert stored.read() == TABLE
    [recorded] = services.artifact_index.uploads(body["digest"])
    assert (recorded.id, recorded.author, recorded.filename) == (body["id"], "default",
                                                                 "data.csv")
    response = api.get(f"/api/v1/artifacts/{body['digest']}")
    assert response.content == TABLE
    assert 'filename="data.csv"' in response.headers["content-disposition"]
    assert response.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(("sent", "kept"), [
    ("../../x", "x"),
    ("C:\\Users\\me\\report.pdf", "report.pdf"),
    ("a\x00b\x1b[31m\u202egnp.exe", "ab[31mgnp.exe"),
    ("..", "upload"),
])
def test_upload_names_lose_folders_and_control_characters(api: TestClient, sent: str,
                                                          kept: str) -> None:
    # written by hand: HTTP clients escape some of these characters themselves
    body = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="'
            + sent.replace("\\", "\\\\").encode() + b'"\r\n\r\nx\r\n--B--\r\n')
    response = api.post("/api/v1/artifacts", content=body,
                        headers={"content-type": "multipart/form-data; boundary=B"})
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == kept


def test_an_upload_over_the_limit_is_refused_and_leaves_nothing(
        api: TestClient, services: Services) -> None:
    services.settings.max_upload_bytes = 1000
    before = set(services.artifacts.digests())
    for size in (1001, 200_000):  # crossing the limit while streaming, and announced too big
        response = api.post("/api/v1/artifacts", files={"file": ("big.bin", b"x" * size)})
        assert response.status_code == 413
        assert "max_upload_bytes" in response.json()["error"]["message"]
    assert set(services.artifacts.digests()) == before
    with services.store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(UploadRow)) == 0
    folder = services.settings.work_dir / ".uploads"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert upload(api, "ok.bin", b"x" * 1000)["size"] == 1000


def test_malformed_uploads_are_refused_clearly(api: TestClient) -> None:
    response = api.post("/api/v1/artifacts", files={"other": ("a.txt", b"x")})
    assert response.status_code == 422 and "file" in response.json()["error"]["message"]
    response = api.post("/api/v1/artifacts", content=b"plain", headers={
        "content-type": "text/plain"})
    assert response.status_code == 400 and "multipart" in response.json()["error"]["message"]
    cut = b'--B\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'
    response = api.post("/api/v1/artifacts", content=cut, headers={
        "content-type": "multipart/form-data; boundary=B"})
    assert response.status_code == 400 and "incomplete" in response.json()["error"]["message"]


def test_upload_can_create_a_file_operation_usable_in_a_workflow(
        api: TestClient, services: Services) -> None:
    body = upload(api, "numbers.csv", TABLE, operation="true", title="Numbers")
    created = Operation.model_validate(body["operation"])
    assert (created.kind, created.status, created.author) == ("file", "published", "default")
    assert (created.name, created.title, created.artifact) == ("numbers.csv", "Numbers",
                                                               body["digest"])
    assert [(o.name, o.type) for o in created.outputs] == [("out", "csv")]
    stored = services.store.get_operation(created.id)

    count = bash("count", "wc -l < {{ input.table }} | tr -d ' ' > {{ output.n }}",
                 inputs={"table": "csv"}, outputs={"n": "text"})
    run = launch(services, workflow({"data": stored, "count": count}, ["data.out -> count.table"]))
    assert run.status == "succeeded", run.error
    assert api.get(output_url(run, "count", "n")).text == "3\n"
    assert api.get(output_url(run, "data", "out")).content == TABLE


def test_a_file_operation_is_named_after_the_file_within_the_name_rule(
        api: TestClient) -> None:
    body = upload(api, "my data (1).csv", TABLE, operation="true")
    assert body["operation"]["name"] == "my_data_1_.csv"
    assert body["operation"]["title"] == "my data (1).csv"


def test_creating_an_operation_needs_the_policy(api: TestClient, as_user: SwitchUser) -> None:
    as_user()
    response = api.post("/api/v1/artifacts", params={"operation": "true"},
                        files={"file": ("a.txt", b"x")})
    assert response.status_code == 403
    assert upload(api, "a.txt", b"x")["operation"] is None


# ------------------------------------------------------------------ by digest


def test_an_artifact_nobody_refers_to_is_not_found(api: TestClient,
                                                   services: Services) -> None:
    digest = services.artifacts.put_bytes(b"secret").digest
    for path in ("", "/preview", "/lineage"):
        response = api.get(f"/api/v1/artifacts/{digest}{path}")
        assert response.status_code == 404
    assert api.get("/api/v1/artifacts/" + "0" * 64).status_code == 404
    assert api.get("/api/v1/artifacts/not-a-digest").status_code == 422


def test_artifacts_are_visible_through_uploads_runs_and_operations(
        api: TestClient, services: Services, chain_run: Run, as_user: SwitchUser) -> None:
    uploaded = upload(api, "mine.txt", b"only mine")["digest"]
    produced = services.store.node_states(chain_run.id)["make"].outputs["table"].digest
    provided = upload(api, "shared.txt", b"shared", operation="true")["digest"]
    for digest in (uploaded, produced, provided):
        assert api.get(f"/api/v1/artifacts/{digest}").status_code == 200

    as_user()
    for digest in (uploaded, produced, provided):
        assert api.get(f"/api/v1/artifacts/{digest}").status_code == 404
    as_user(Policy.VIEW_OTHERS_WORKFLOWS)
    assert api.get(f"/api/v1/artifacts/{produced}").content == TABLE
    assert api.get(f"/api/v1/artifacts/{uploaded}").status_code == 404
    as_user(Policy.VIEW_OTHERS_OPERATIONS)
    assert api.get(f"/api/v1/artifacts/{provided}").content == b"shared"
    assert api.get(f"/api/v1/artifacts/{uploaded}").status_code == 404


def test_preview_by_digest_uses_the_produced_type_or_the_one_asked(
        api: TestClient, services: Services, chain_run: Run) -> None:
    produced = services.store.node_states(chain_run.id)["make"].outputs["table"].digest
    preview = api.get(f"/api/v1/artifacts/{produced}/preview").json()
    assert (preview["type"], preview["kind"]) == ("csv", "table")
    preview = api.get(f"/api/v1/artifacts/{produced}/preview", params={"type": "text"}).json()
    assert (preview["type"], preview["kind"], preview["data"]) == ("text", "text",
                                                                  TABLE.decode())
    response = api.get(f"/api/v1/artifacts/{produced}/preview", params={"type": "nope"})
    assert response.status_code == 400 and "'nope'" in response.json()["error"]["message"]


def test_an_image_previews_as_a_small_png(api: TestClient) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (1200, 600), "red").save(picture, format="JPEG")
    digest = upload(api, "photo.jpg", picture.getvalue())["digest"]
    response = api.get(f"/api/v1/artifacts/{digest}/preview")
    assert response.headers["content-type"] == "application/json"
    preview = response.json()
    assert (preview["type"], preview["kind"], preview["media_type"]) == ("image", "image",
                                                                         "image/png")
    with Image.open(io.BytesIO(base64.b64decode(preview["data"]))) as thumbnail:
        assert thumbnail.format == "PNG" and max(thumbnail.size) <= 256


def test_lineage_of_a_two_node_chain(api: TestClient, services: Services,
                                     chain_run: Run) -> None:
    states = services.store.node_states(chain_run.id)
    table = states["make"].outputs["table"].digest
    count = states["count"].outputs["n"].digest
    lineage = api.get(f"/api/v1/artifacts/{count}/lineage").json()
    assert (lineage["digest"], lineage["size"], lineage["truncated"]) == (count, 2, False)
    [producer] = lineage["produced_by"]
    assert (producer["run_id"], producer["node_id"], producer["output"]) == (chain_run.id,
                                                                            "count", "n")
    assert producer["operation"]["name"] == "count" and producer["type"] == "text"
    assert producer["inputs"] == [{"input": "table", "digest": table, "produced_by": {
        "run_id": chain_run.id, "node_id": "make"}}]
    upstream = api.get(f"/api/v1/artifacts/{table}/lineage").json()
    assert upstream["produced_by"][0]["inputs"] == []
    assert upstream["uploads"] == [] and upstream["operations"] == []


def test_lineage_names_only_the_cache_sources_the_reader_may_see(
        api: TestClient, services: Services, chain_run: Run, as_user: SwitchUser) -> None:
    run_id = create_run(services.store, services.registry, chain(), author="bob").run.id
    services.wake()
    wait_for(lambda: services.store.get_run(run_id).status.is_terminal)
    count = services.store.node_states(run_id)["count"].outputs["n"].digest

    as_user(Policy.CREATE_WORKFLOWS)  # bob, who may not see chain_run
    [producer] = api.get(f"/api/v1/artifacts/{count}/lineage").json()["produced_by"]
    assert producer["run_id"] == run_id
    assert producer["cache"] == {"outcome": "hit", "reason": "", "source_run": None,
                                 "source_node": None}
    as_user(Policy.VIEW_OTHERS_WORKFLOWS)
    caches = [p["cache"] for p in api.get(f"/api/v1/artifacts/{count}/lineage").json()
              ["produced_by"] if p["run_id"] == run_id]
    assert caches == [{"outcome": "hit", "reason": "", "source_run": chain_run.id,
                       "source_node": "count"}]


def test_lineage_lists_uploads_and_operations(api: TestClient) -> None:
    first = upload(api, "a.csv", TABLE)
    second = upload(api, "b.csv", TABLE, operation="true")
    lineage = api.get(f"/api/v1/artifacts/{first['digest']}/lineage").json()
    assert {u["filename"] for u in lineage["uploads"]} == {"a.csv", "b.csv"}
    assert [op["id"] for op in lineage["operations"]] == [second["operation"]["id"]]
    assert lineage["produced_by"] == []
