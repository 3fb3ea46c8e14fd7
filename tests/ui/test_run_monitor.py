"""The run monitor: live node states, logs, previews, downloads, cancel, failures, cache,
composite nodes and the comparison of two runs.

Workflows and runs are prepared through the REST API; what is checked is what a user sees.
"""

from __future__ import annotations

import base64
import re
import struct
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.server.live import api_client
from tests.ui.conftest import screenshot
from tests.ui.live import LivePlynx

ENDED = {"succeeded", "failed", "canceled", "skipped", "cached"}


@pytest.fixture(scope="module")
def api(plynx_local: LivePlynx) -> Iterator[httpx.Client]:
    with api_client(plynx_local.url) as client:
        yield client


def unique(name: str) -> str:
    return f"{name}_{uuid.uuid4().hex[:8]}"


def ok(response: httpx.Response) -> Any:
    assert response.is_success, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


def operation(api: httpx.Client, name: str, code: str = "", **fields: Any) -> dict[str, Any]:
    """A published operation (bash_jinja2 unless ``kind`` says otherwise)."""
    draft = {"name": unique(name), "kind": "bash_jinja2", "code": code, **fields}
    created = ok(api.post("/operations", json=draft))
    return ok(api.post(f"/operations/{created['id']}/publish"))


def workflow(api: httpx.Client, title: str, nodes: list[dict[str, Any]],
             edges: list[dict[str, str]] | None = None, **fields: Any) -> str:
    body = {"title": title, "graph": {"nodes": nodes, "edges": edges or []}, **fields}
    return str(ok(api.post("/workflows", json=body))["id"])


def node(node_id: str, op: dict[str, Any], x: float, y: float = 0, **fields: Any) -> dict[str, Any]:
    return {"id": node_id, "operation": op["id"], "position": {"x": x, "y": y}, **fields}


def edge(source: str, output: str, target: str, input_name: str) -> dict[str, str]:
    return {"source": source, "output": output, "target": target, "input": input_name}


def launch(api: httpx.Client, workflow_id: str, **body: Any) -> str:
    return str(ok(api.post(f"/workflows/{workflow_id}/runs", json=body))["id"])


def wait_ended(api: httpx.Client, run_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ok(api.get(f"/runs/{run_id}"))
        if run["status"] in ENDED:
            return dict(run)
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not end within {timeout} s")


def tiny_png(width: int = 48, height: int = 32) -> bytes:
    """A small colour gradient as a PNG."""
    rows = b"".join(b"\0" + b"".join(bytes([40 + 4 * x, 120, 200 - 5 * y]) for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


ONE_PAGE_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> endobj\n"
                b"trailer << /Root 1 0 R >>\n%%EOF\n")


def canvas_node(page: Page, node_id: str) -> Locator:
    return page.locator(f'.react-flow .op-node[data-node-id="{node_id}"]')


def canvas_item(page: Page, node_id: str) -> Locator:
    """The whole canvas item of a node: its card and what the run monitor adds below it."""
    return page.locator(".react-flow__node").filter(
        has=page.locator(f'.op-node[data-node-id="{node_id}"]'))


def switch_theme(page: Page, theme: str) -> None:
    page.get_by_role("button", name=f"Switch to the {theme} theme").click()
    expect(page.locator("html")).to_have_attribute("data-theme", theme)


def test_every_node_turns_succeeded_live(page: Page, api: httpx.Client) -> None:
    # The demo workflow whose first node takes a few seconds, so the page is open before
    # anything has finished.
    demo = ok(api.get("/workflows", params={"q": "Sums of numbers by first digit"}))["items"][0]
    sums = ok(api.get(f"/workflows/{demo['id']}"))
    slow = operation(api, "slow_sequence",
                     "sleep 4\nseq {{ param['count'] }} > {{ output.numbers }}",
                     title="Numbers 1..N, slowly", outputs=[{"name": "numbers", "type": "text"}],
                     parameters=[{"name": "count", "type": "int", "default": 100}])
    graph = sums["graph"]
    for item in graph["nodes"]:
        if item["id"] == "numbers":
            item["operation"] = slow["id"]
    workflow_id = workflow(api, "Sums, slowly", graph["nodes"], graph["edges"])
    run_id = launch(api, workflow_id, mode="scratch")

    page.goto(f"/runs/{run_id}")
    expect(page.get_by_role("heading", name="Sums, slowly")).to_be_visible()
    first = canvas_node(page, "numbers")
    expect(first).to_have_attribute("data-status", "running")
    expect(first).to_contain_text(re.compile(r"running · \d"))  # its elapsed time
    expect(canvas_node(page, "total")).not_to_have_attribute("data-status", "succeeded")
    screenshot(page, "run-live-running-light")

    ids = [item["id"] for item in graph["nodes"]]
    assert len(ids) == 20
    for node_id in ids:
        expect(canvas_node(page, node_id)).to_have_attribute("data-status", "succeeded",
                                                            timeout=30_000)
    expect(page.get_by_label("Run status")).to_contain_text("succeeded")
    expect(page.get_by_role("list", name="Nodes by status")).to_contain_text("20 succeeded")
    screenshot(page, "run-succeeded-light")

    # The same nodes as a table.
    page.get_by_role("button", name="Table").click()
    table = page.get_by_role("table", name="Nodes of the run")
    expect(table.locator('[role="row"][data-node-id]')).to_have_count(20)
    expect(table.locator('[data-node-id="total"]')).to_contain_text("succeeded")
    switch_theme(page, "dark")
    screenshot(page, "run-table-dark")


def test_csv_preview_log_and_download(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    maker = operation(
        api, "make_table",
        'echo "writing the table"\n'
        "printf 'name,value\\nalpha,1\\nbeta,2\\ngamma,3\\n' > {{ output.table }}\n"
        """echo '{"rows": 3, "names": ["alpha", "beta", "gamma"]}' > {{ output.summary }}\n""",
        title="Make a table",
        outputs=[{"name": "table", "type": "csv"}, {"name": "summary", "type": "json"}])
    workflow_id = workflow(api, "Tables", [node("maker", maker, 0)])
    run_id = launch(api, workflow_id)
    wait_ended(api, run_id)

    page.goto(f"/runs/{run_id}")
    canvas_node(page, "maker").click()
    panel = page.get_by_role("region", name="Node Make a table")
    expect(panel.get_by_role("tab", name="Overview")).to_have_attribute("aria-selected", "true")
    panel.get_by_role("tab", name="Outputs").click()
    panel.get_by_role("button", name="Preview table").click()
    table = panel.get_by_role("table", name="Table preview")
    expect(table.get_by_role("columnheader", name="name")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row", name="beta 2")).to_be_visible()
    panel.get_by_role("button", name="Preview summary").click()
    tree = panel.get_by_role("group", name="JSON document")
    expect(tree).to_contain_text('"gamma"')
    screenshot(page, "run-outputs-light")

    with page.expect_download() as download:
        panel.get_by_role("button", name="Download table").click()
    assert download.value.suggested_filename == "table.csv"
    saved = tmp_path / "table.csv"
    download.value.save_as(saved)
    assert saved.read_text() == "name,value\nalpha,1\nbeta,2\ngamma,3\n"

    panel.get_by_role("tab", name="Logs").click()
    expect(panel.get_by_label("stdout of maker")).to_contain_text("writing the table")
    switch_theme(page, "dark")
    screenshot(page, "run-logs-dark")


def test_images_pdfs_and_directories_are_previewed(page: Page, api: httpx.Client) -> None:
    png = base64.b64encode(tiny_png()).decode()
    pdf = base64.b64encode(ONE_PAGE_PDF).decode()
    maker = operation(
        api, "make_documents",
        f"echo {png} | base64 -d > {{{{ output.picture }}}}\n"
        f"echo {pdf} | base64 -d > {{{{ output.report }}}}\n"
        "mkdir -p {{ output.folder }}/sub\n"
        "echo a > {{ output.folder }}/a.txt\necho b > {{ output.folder }}/sub/b.txt\n",
        title="Make documents",
        outputs=[{"name": "picture", "type": "image"}, {"name": "report", "type": "pdf"},
                 {"name": "folder", "type": "directory"}])
    workflow_id = workflow(api, "Documents", [node("docs", maker, 0)])
    run_id = launch(api, workflow_id)
    assert wait_ended(api, run_id)["status"] == "succeeded"

    page.goto(f"/runs/{run_id}?node=docs")
    panel = page.get_by_role("region", name="Node Make documents")
    panel.get_by_role("tab", name="Outputs").click()
    panel.get_by_role("button", name="Preview picture").click()
    image = panel.get_by_role("img", name="Image preview (thumbnail)")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 48
    panel.get_by_role("button", name="Preview folder").click()
    listing = panel.get_by_role("table", name="Directory listing")
    expect(listing).to_contain_text("sub/b.txt")
    panel.get_by_role("button", name="Preview report").click()
    report = panel.get_by_role("region", name="Preview of report")
    expect(report).to_contain_text("PDF 1.4 · 1 page")
    document = panel.locator('object[type="application/pdf"]')
    expect(document).to_have_attribute("data", re.compile("^blob:"))
    screenshot(page, "run-previews-light")


def test_cancel_a_long_run_from_the_page(page: Page, api: httpx.Client) -> None:
    sleeper = operation(api, "sleep_long", "echo sleeping\nsleep 60\necho done > {{ output.out }}",
                        title="Sleep a minute", outputs=[{"name": "out", "type": "text"}])
    after = operation(api, "after_sleep", "cat {{ input.data }} > {{ output.out }}",
                      title="After the sleep", inputs=[{"name": "data", "type": "text"}],
                      outputs=[{"name": "out", "type": "text"}])
    workflow_id = workflow(api, "Long sleep",
                           [node("sleep", sleeper, 0), node("after", after, 300)],
                           [edge("sleep", "out", "after", "data")])
    run_id = launch(api, workflow_id)

    page.goto(f"/runs/{run_id}")
    expect(canvas_node(page, "sleep")).to_have_attribute("data-status", "running")
    canvas_node(page, "sleep").click()
    page.get_by_role("tab", name="Logs").click()
    expect(page.get_by_label("stdout of sleep")).to_contain_text("sleeping")
    expect(page.get_by_role("status").filter(has_text="Following live")).to_be_visible()

    page.get_by_role("button", name="Cancel run").click()
    expect(canvas_node(page, "sleep")).to_have_attribute("data-status", "canceled", timeout=10_000)
    expect(canvas_node(page, "after")).to_have_attribute("data-status",
                                                         re.compile("canceled|skipped"))
    expect(page.get_by_label("Run status")).to_contain_text("canceled")
    expect(page.get_by_role("button", name="Cancel run")).to_have_count(0)
    expect(page.get_by_role("button", name="Re-run…")).to_be_visible()
    screenshot(page, "run-canceled-light")


def test_a_failing_node_shows_its_error_and_stderr(page: Page, api: httpx.Client) -> None:
    failing = operation(api, "fail_three",
                        'echo "checking the input"\n'
                        'echo "bad input: line 7 is not a number" >&2\nexit 3\n'
                        "echo never > {{ output.out }}",
                        title="Check the input", outputs=[{"name": "out", "type": "text"}])
    after = operation(api, "after_check", "cat {{ input.data }} > {{ output.out }}",
                      title="Use the input", inputs=[{"name": "data", "type": "text"}],
                      outputs=[{"name": "out", "type": "text"}])
    workflow_id = workflow(api, "Failing check",
                           [node("check", failing, 0), node("use", after, 300)],
                           [edge("check", "out", "use", "data")])
    run_id = launch(api, workflow_id)
    wait_ended(api, run_id)

    page.goto(f"/runs/{run_id}")
    card = canvas_node(page, "check")
    expect(card).to_have_attribute("data-status", "failed")
    expect(canvas_item(page, "check").get_by_role("note")).to_contain_text("exit code 3")
    expect(canvas_node(page, "use")).to_have_attribute("data-status", "skipped")
    card.click()
    panel = page.get_by_role("region", name="Node Check the input")
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("This node failed with exit code 3")
    expect(panel.get_by_label("stderr of the failed node")).to_contain_text(
        "bad input: line 7 is not a number")
    screenshot(page, "run-failed-light")
    panel.get_by_role("tab", name="Logs").click()
    expect(panel.get_by_role("tab", name="stderr")).to_have_attribute("aria-selected", "true")
    expect(panel.get_by_label("stderr of check")).to_contain_text("bad input")
    switch_theme(page, "dark")
    panel.get_by_role("tab", name="Overview").click()
    screenshot(page, "run-failed-dark")


def test_a_rerun_restores_results_from_the_cache(page: Page, api: httpx.Client) -> None:
    words = operation(api, "words", "echo {{ param['word'] }} > {{ output.out }}",
                      title="Write a word", outputs=[{"name": "out", "type": "text"}],
                      parameters=[{"name": "word", "type": "str", "default": "cached"}])
    workflow_id = workflow(api, "Cached words", [node("word", words, 0)])
    first = launch(api, workflow_id, mode="scratch")
    wait_ended(api, first)

    page.goto(f"/runs/{first}")
    expect(canvas_node(page, "word")).to_have_attribute("data-status", "succeeded")
    page.get_by_role("button", name="Re-run…").click()
    page.get_by_role("dialog", name="Run again").get_by_role("button", name="Re-run failed").click()
    expect(page).not_to_have_url(re.compile(f"/runs/{first}"))
    card = canvas_node(page, "word")
    expect(card).to_have_attribute("data-status", "cached")
    expect(canvas_item(page, "word")).to_contain_text(f"from run {first[:8]}")
    card.click()
    panel = page.get_by_role("region", name="Node Write a word")
    expect(panel).to_contain_text(f"hit (run {first}, node word)")
    expect(panel.get_by_role("link", name=f"Open run {first[:8]}")).to_be_visible()
    screenshot(page, "run-cached-light")


def test_compare_two_runs_with_different_values(page: Page, api: httpx.Client) -> None:
    words = operation(api, "say", "echo {{ param['word'] }} > {{ output.out }}",
                      title="Say a word", outputs=[{"name": "out", "type": "text"}],
                      parameters=[{"name": "word", "type": "str", "default": "hello"}])
    count = operation(api, "count_chars", "wc -c < {{ input.text }} > {{ output.out }}",
                      title="Count characters", inputs=[{"name": "text", "type": "text"}],
                      outputs=[{"name": "out", "type": "text"}])
    workflow_id = workflow(
        api, "Words compared",
        [node("say", words, 0, param_refs={"word": "word"}), node("count", count, 300)],
        [edge("say", "out", "count", "text")],
        parameters=[{"name": "word", "type": "str", "default": "hello"}])
    first = launch(api, workflow_id, params={"word": "hello"})
    second = launch(api, workflow_id, params={"word": "goodbye"})
    wait_ended(api, first)
    wait_ended(api, second)

    page.goto(f"/runs/{second}")
    page.get_by_role("button", name="Compare…").click()
    page.get_by_role("dialog", name="Compare with another run").get_by_role(
        "button", name=f"Compare with run {first[:8]}").click()
    expect(page).to_have_url(re.compile(r"/runs/compare\?a="))
    expect(page.get_by_role("heading", name="Compare runs")).to_be_visible()
    params = page.get_by_role("table", name="Workflow parameters")
    expect(params.get_by_role("row", name=re.compile("word hello goodbye"))).to_be_visible()
    outputs = page.get_by_role("table", name="Outputs")
    expect(outputs.get_by_role("row")).to_have_count(3)  # the header, say.out and count.out
    outputs.get_by_role("button", name="Compare previews of say out").click()
    previews = page.get_by_label("Preview of out")
    expect(previews.nth(0)).to_contain_text("hello")
    expect(previews.nth(1)).to_contain_text("goodbye")
    previews.nth(1).scroll_into_view_if_needed()
    screenshot(page, "run-compare-light")
    switch_theme(page, "dark")
    screenshot(page, "run-compare-dark")


def test_a_composite_node_opens_to_its_inner_nodes(page: Page, api: httpx.Client) -> None:
    emit = operation(api, "emit", "echo inner > {{ output.out }}", title="Emit",
                     outputs=[{"name": "out", "type": "text"}])
    shout = operation(api, "shout", "tr a-z A-Z < {{ input.text }} > {{ output.out }}",
                      title="Shout", inputs=[{"name": "text", "type": "text"}],
                      outputs=[{"name": "out", "type": "text"}])
    group = operation(
        api, "emit_and_shout", kind="composite", title="Emit and shout",
        outputs=[{"name": "out", "type": "text"}],
        graph={"nodes": [node("emit", emit, 0), node("shout", shout, 300)],
               "edges": [edge("emit", "out", "shout", "text")],
               "outputs": {"out": {"node": "shout", "output": "out"}}})
    workflow_id = workflow(api, "Composite", [node("group", group, 0)])
    run_id = launch(api, workflow_id)
    wait_ended(api, run_id)

    page.goto(f"/runs/{run_id}")
    expect(canvas_node(page, "group")).to_have_attribute("data-status", "succeeded")
    page.get_by_role("button", name="Open Emit and shout").click()
    levels = page.get_by_role("navigation", name="Composite levels")
    expect(levels).to_contain_text("Emit and shout")
    expect(canvas_node(page, "group/emit")).to_have_attribute("data-status", "succeeded")
    canvas_node(page, "group/shout").click()
    panel = page.get_by_role("region", name="Node Shout")
    panel.get_by_role("tab", name="Outputs").click()
    expect(panel.get_by_role("region", name="Preview of out")).to_contain_text("INNER")
    screenshot(page, "run-composite-light")
    levels.get_by_role("button", name="Workflow").click()
    expect(canvas_node(page, "group")).to_be_visible()

    # The run's workflow, and a new workflow cloned from the run.
    expect(page.get_by_role("link", name="Open workflow")).to_have_attribute(
        "href", f"/workflows/{workflow_id}")
    page.get_by_role("button", name="Clone into a workflow").click()
    expect(page).to_have_url(re.compile(r"/workflows/[0-9a-f]{32}$"))
    clone_id = page.url.rsplit("/", 1)[1]
    assert clone_id != workflow_id
    assert ok(api.get(f"/workflows/{clone_id}"))["title"] == "Copy of Composite"


def test_an_unknown_run_says_so(page: Page) -> None:
    page.goto("/runs/no-such-run")
    expect(page.get_by_role("heading", name="Run not found")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("no-such-run")


def test_a_run_of_five_thousand_nodes_stays_usable(page: Page, api: httpx.Client) -> None:
    # 50 chains of 100 nodes whose heads fail at once: the run ends quickly with 50 failed
    # and 4,950 skipped nodes, laid out automatically (no node has a saved position).
    head = operation(api, "chain_head", "exit 1\necho > {{ output.out }}", title="Head",
                     outputs=[{"name": "out", "type": "text"}])
    link = operation(api, "chain_link", "cat {{ input.data }} > {{ output.out }}", title="Link",
                     inputs=[{"name": "data", "type": "text"}],
                     outputs=[{"name": "out", "type": "text"}])
    nodes, edges = [], []
    for chain in range(50):
        nodes.append({"id": f"c{chain}n0", "operation": head["id"]})
        for step in range(1, 100):
            nodes.append({"id": f"c{chain}n{step}", "operation": link["id"]})
            edges.append(edge(f"c{chain}n{step - 1}", "out", f"c{chain}n{step}", "data"))
    workflow_id = workflow(api, "Five thousand nodes", nodes, edges)
    run_id = launch(api, workflow_id)
    wait_ended(api, run_id, timeout=120)

    page.goto(f"/runs/{run_id}")
    legend = page.get_by_role("list", name="Nodes by status")
    expect(legend).to_contain_text("50 failed")
    expect(legend).to_contain_text("4950 skipped")
    expect(canvas_node(page, "c0n0")).to_have_attribute("data-status", "failed")
    drawn = page.locator(".react-flow__node").count()
    assert 0 < drawn < 1000, f"{drawn} nodes drawn: only those in view should be"
    page.get_by_role("button", name="Zoom In").click()
    expect(canvas_node(page, "c0n0")).to_be_visible()
    screenshot(page, "run-5000-graph-light")

    page.get_by_role("button", name="Table").click()
    page.get_by_label("Status filter").select_option("failed")
    expect(page.get_by_text("50 of 5000 nodes")).to_be_visible()
    rows = page.get_by_role("table", name="Nodes of the run").locator('[role="row"][data-node-id]')
    assert rows.count() <= 50
    page.get_by_label("Status filter").select_option("")
    assert rows.count() < 100, "only the rows in view are drawn"
    page.get_by_label("Find a node").fill("c49n99")
    rows.first.click()
    expect(page.get_by_role("region", name="Node Link")).to_contain_text("c49n99")
    expect(page.get_by_role("region", name="Node Link")).to_contain_text("upstream")


def test_a_large_run_opens_on_its_first_nodes(page: Page, api: httpx.Client) -> None:
    # One head fanning out to 700 nodes: the column of the head is far shorter than the next
    # one, so the corner of the whole graph's bounding box is empty space.
    head = operation(api, "fan_head", "exit 1\necho > {{ output.out }}", title="Fan head",
                     outputs=[{"name": "out", "type": "text"}])
    leaf = operation(api, "fan_leaf", "cat {{ input.data }} > {{ output.out }}", title="Leaf",
                     inputs=[{"name": "data", "type": "text"}],
                     outputs=[{"name": "out", "type": "text"}])
    nodes = [{"id": "head", "operation": head["id"]}]
    nodes += [{"id": f"leaf{i}", "operation": leaf["id"]} for i in range(700)]
    edges = [edge("head", "out", f"leaf{i}", "data") for i in range(700)]
    run_id = launch(api, workflow(api, "Wide fan", nodes, edges))
    wait_ended(api, run_id, timeout=120)

    page.goto(f"/runs/{run_id}")

    expect(canvas_node(page, "head")).to_be_visible()
    expect(canvas_node(page, "head")).to_have_attribute("data-status", "failed")


def test_the_canceling_notice_goes_once_the_run_ends(page: Page, api: httpx.Client) -> None:
    sleeper = operation(api, "sleep_cancel", "sleep 60\necho done > {{ output.out }}",
                        title="Sleep to cancel", outputs=[{"name": "out", "type": "text"}])
    run_id = launch(api, workflow(api, "Canceled soon", [node("sleep", sleeper, 0)]))
    page.goto(f"/runs/{run_id}")
    expect(canvas_node(page, "sleep")).to_have_attribute("data-status", "running")
    page.get_by_role("button", name="Cancel run").click()
    notice = page.locator(".toasts .toast").filter(has_text="Canceling the run…")
    expect(page.get_by_label("Run status")).to_contain_text("canceled", timeout=10_000)
    expect(notice).to_have_count(0, timeout=1_500)


def test_a_run_graph_shows_full_titles_and_typed_edges(page: Page, api: httpx.Client) -> None:
    title = "A step whose title is far too long to fit on its node at any zoom"
    table = operation(api, "make_table", "echo a,b > {{ output.table }}", title=title,
                      outputs=[{"name": "table", "type": "csv"}])
    reader = operation(api, "read_table", "cat {{ input.table }} > {{ output.out }}",
                       title="Read the table", inputs=[{"name": "table", "type": "csv"}],
                       outputs=[{"name": "out", "type": "text"}])
    run_id = launch(api, workflow(api, "Typed run", [node("make", table, 0),
                                                     node("read", reader, 320)],
                                  [edge("make", "table", "read", "table")]))
    page.goto(f"/runs/{run_id}")
    heading = canvas_node(page, "make").locator(".op-node-title")
    expect(heading).to_have_attribute("title", title)
    assert int(heading.evaluate("element => getComputedStyle(element).fontWeight")) >= 700
    path = page.locator('.react-flow__edge-path[data-type="csv"]')
    expect(path).to_have_count(1)
    expected = page.evaluate("""() => {
      const probe = document.createElement("span");
      probe.style.color = "var(--type-csv)";
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    }""")
    assert path.evaluate("element => getComputedStyle(element).stroke") == expected
