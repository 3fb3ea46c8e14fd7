"""The workflow editor: building, connecting, editing, validating, upgrading and running."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.server.live import api_client
from tests.ui.conftest import screenshot
from tests.ui.live import LivePlynx


@pytest.fixture
def api(plynx_local: LivePlynx) -> Iterator[httpx.Client]:
    """The REST API of the single-user server."""
    with api_client(plynx_local.url) as client:
        yield client


def operation(api: httpx.Client, name: str) -> dict[str, Any]:
    """The newest published version of the operation ``name``."""
    found = api.get("/operations", params={"name": name, "status": "published",
                                           "latest_only": True}).json()["items"]
    assert found, f"no published operation {name!r}"
    return api.get(f"/operations/{found[0]['id']}").json()


def publish_copy(api: httpx.Client, source: dict[str, Any], name: str,
                 **changes: Any) -> dict[str, Any]:
    """A new published version of ``name``, copied from ``source`` with ``changes``."""
    draft = {**source, "name": name, **changes}
    created = api.post("/operations", json=draft)
    assert created.status_code == 201, created.text
    published = api.post(f"/operations/{created.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return published.json()


def create_workflow(api: httpx.Client, title: str, nodes: list[dict[str, Any]],
                    edges: list[dict[str, str]] | None = None, **fields: Any) -> str:
    body = {"title": title, "graph": {"nodes": nodes, "edges": edges or []}, **fields}
    created = api.post("/workflows", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def open_editor(page: Page, address: str) -> None:
    """Open the editor at ``address`` and wait until its graph is shown (laid out if needed)."""
    page.goto(address)
    expect(page.locator(".editor-canvas:not(.pending)")).to_be_visible()


def hub_item(page: Page, title: str) -> Locator:
    return page.get_by_role("complementary", name="Operations").get_by_role(
        "listitem", name=title, exact=True)


def canvas(page: Page) -> Locator:
    return page.locator(".react-flow__pane")


def node(page: Page, node_id: str) -> Locator:
    return page.locator(f'.react-flow__node[data-id="{node_id}"]')


def drop(page: Page, title: str, x: float, y: float) -> None:
    """Drag the hub item ``title`` onto the canvas at (x, y) of the canvas."""
    hub_item(page, title).first.drag_to(canvas(page), target_position={"x": x, "y": y})


def handle(page: Page, node_id: str, handle_id: str) -> Locator:
    return page.locator(
        f'.react-flow__handle[data-nodeid="{node_id}"][data-handleid="{handle_id}"]')


def centre(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_between(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 20, start[1] + 5, steps=3)
    page.mouse.move(*end, steps=12)
    page.mouse.up()


def connect(page: Page, source: str, output: str, target: str, input_: str) -> None:
    """Drag from the output handle of ``source`` to the input handle of ``target``."""
    drag_between(page, centre(handle(page, source, f"out:{output}")),
                 centre(handle(page, target, f"in:{input_}")))


def properties(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Properties")


def select(page: Page, node_id: str, *, add: bool = False) -> None:
    """Click the title of a node (with Shift to add it to the selection)."""
    node(page, node_id).locator(".op-node-title").click(modifiers=["Shift"] if add else None)


def wait_for_run(api: httpx.Client, run_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = api.get(f"/runs/{run_id}").json()
        if run["status"] in ("succeeded", "failed", "canceled"):
            return dict(run)
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


def test_build_the_split_pipeline_from_scratch_and_run_it(page: Page, api: httpx.Client,
                                                          tmp_path: Path) -> None:
    data = tmp_path / "lines.csv"
    data.write_text("n\n" + "\n".join(str(i) for i in range(1, 201)) + "\n")
    open_editor(page, "/workflows/new")
    expect(page.get_by_role("status", name="Save state")).to_have_text("● New workflow")

    page.get_by_label("Upload a file").set_input_files(data)
    uploaded = page.get_by_role("region", name="Uploaded files").get_by_role("listitem")
    expect(uploaded).to_have_count(1)
    uploaded.drag_to(canvas(page), target_position={"x": 90, "y": 220})
    drop(page, "Split lines at random", 420, 200)
    expect(node(page, "lines_1")).to_be_visible()
    expect(node(page, "split_1")).to_contain_text("data.csv")
    expect(page.get_by_role("status", name="Save state")).to_have_text("● New · not saved")

    connect(page, "lines_1", "out", "split_1", "data.csv")
    expect(page.locator(".react-flow__edge")).to_have_count(1)

    # rate in the properties panel, seed on the node itself
    select(page, "split_1")
    properties(page).get_by_label("rate", exact=True).fill("0.5")
    node(page, "split_1").get_by_label("seed of split_1").fill("7")
    expect(properties(page).get_by_label("seed", exact=True)).to_have_value("7")
    page.keyboard.press("Escape")
    expect(node(page, "split_1")).to_contain_text("rate 0.5")
    properties(page).get_by_label("Title").fill("Split pipeline")
    screenshot(page, "editor-split-pipeline")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workflows/[0-9a-f]+$"))
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")
    workflow_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    saved = api.get(f"/workflows/{workflow_id}").json()
    assert saved["title"] == "Split pipeline"
    split = next(n for n in saved["graph"]["nodes"] if n["id"] == "split_1")
    assert split["params"] == {"rate": 0.5, "seed": 7}
    assert split["position"] is not None
    assert saved["graph"]["edges"] == [
        {"source": "lines_1", "output": "out", "target": "split_1", "input": "data.csv"}]

    page.get_by_role("button", name="▶ Run").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))

    # the run's page: every node turns succeeded live, then the split's CSV and its log
    for node_id in ("lines_1", "split_1"):
        expect(page.locator(f'.react-flow .op-node[data-node-id="{node_id}"]')).to_have_attribute(
            "data-status", "succeeded", timeout=60_000)
    page.locator('.react-flow .op-node[data-node-id="split_1"]').click()
    panel = page.get_by_role("region", name="Node Split lines at random")
    panel.get_by_role("tab", name="Outputs").click()
    panel.get_by_role("button", name="Preview a.csv").click()
    table = panel.get_by_role("table", name="Table preview")
    expect(table.get_by_role("columnheader", name="n")).to_be_visible()
    panel.get_by_role("tab", name="Logs").click()
    panel.get_by_role("tab", name="System").click()
    expect(panel.get_by_label("system of split_1")).to_contain_text("exit code 0")
    screenshot(page, "run-split-pipeline")
    run = wait_for_run(api, page.url.rstrip("/").rsplit("/", 1)[-1])
    assert run["status"] == "succeeded", run
    assert run["workflow_id"] == workflow_id


def test_refused_connections_say_why(page: Page, tmp_path: Path) -> None:
    data = tmp_path / "table.csv"
    data.write_text("a\n1\n")
    open_editor(page, "/workflows/new")
    page.get_by_label("Upload a file").set_input_files(data)
    page.get_by_role("region", name="Uploaded files").get_by_role("listitem").drag_to(
        canvas(page), target_position={"x": 60, "y": 60})
    drop(page, "Lines matching a pattern", 380, 60)
    drop(page, "Numbers 1..N", 60, 300)
    drop(page, "Numbers 1..N", 60, 460)
    drop(page, "Lines matching a pattern", 380, 360)
    expect(node(page, "grep_2")).to_be_visible()

    connect(page, "table_1", "out", "grep_1", "lines")
    expect(page.get_by_role("alert").filter(has_text="Type mismatch")).to_contain_text(
        "table_1.out gives csv, but grep_1.lines expects text")
    expect(page.locator(".react-flow__edge")).to_have_count(0)

    connect(page, "grep_1", "matches", "grep_2", "lines")
    expect(page.locator(".react-flow__edge")).to_have_count(1)
    connect(page, "grep_2", "matches", "grep_1", "lines")
    expect(page.get_by_role("alert").filter(has_text="cycle")).to_contain_text(
        "grep_1 → grep_2 → grep_1")
    connect(page, "sequence_1", "numbers", "grep_1", "lines")
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    connect(page, "sequence_2", "numbers", "grep_1", "lines")
    expect(page.get_by_role("alert").filter(has_text="takes at most 1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)


def test_the_hub_searches_folds_groups_and_adds_on_double_click(page: Page) -> None:
    open_editor(page, "/workflows/new")
    hub = page.get_by_role("complementary", name="Operations")
    python_group = hub.get_by_role("button", name=re.compile(r"^python"))
    python_group.click()
    expect(python_group).to_have_attribute("aria-expanded", "false")
    expect(hub_item(page, "Split lines at random")).to_have_count(0)
    python_group.click()
    hub.get_by_label("Search operations").fill("split lines")
    expect(hub_item(page, "Numbers 1..N")).to_have_count(0)
    hub_item(page, "Split lines at random").dblclick()
    expect(node(page, "split_1")).to_be_visible()
    expect(properties(page)).to_contain_text("node split_1")


def test_dropping_a_connection_in_empty_space_offers_compatible_operations(page: Page) -> None:
    open_editor(page, "/workflows/new")
    drop(page, "Numbers 1..N", 80, 200)
    start = centre(handle(page, "sequence_1", "out:numbers"))
    drag_between(page, start, (start[0] + 220, start[1] + 40))
    picker = page.get_by_role("dialog", name="Compatible operations")
    expect(picker).to_contain_text("sequence_1.numbers (text)")
    options = picker.get_by_role("option")
    expect(options.filter(has_text="Lines matching a pattern")).to_be_visible()
    expect(options.filter(has_text="Split lines at random")).to_have_count(0)
    options.filter(has_text="Lines matching a pattern").get_by_role("button").click()
    expect(node(page, "grep_1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(1)


def test_undo_redo_copy_paste_and_delete(page: Page) -> None:
    open_editor(page, "/workflows/new")
    drop(page, "Numbers 1..N", 60, 120)
    drop(page, "Lines matching a pattern", 380, 120)
    connect(page, "sequence_1", "numbers", "grep_1", "lines")
    edges = page.locator(".react-flow__edge")
    expect(edges).to_have_count(1)

    canvas(page).click(position={"x": 150, "y": 420})
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(node(page, "sequence_2")).to_be_visible()
    expect(node(page, "grep_2")).to_be_visible()
    expect(edges).to_have_count(2)
    expect(properties(page)).to_contain_text("2 nodes selected")

    page.keyboard.press("Delete")
    expect(page.locator(".react-flow__node")).to_have_count(2)
    page.keyboard.press("Control+z")
    expect(page.locator(".react-flow__node")).to_have_count(4)
    page.keyboard.press("Control+z")
    expect(page.locator(".react-flow__node")).to_have_count(2)
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(".react-flow__node")).to_have_count(4)
    expect(edges).to_have_count(2)

    # a parameter change is undone too, with the toolbar's buttons
    select(page, "grep_1")
    properties(page).get_by_label("pattern", exact=True).fill("^4")
    on_node = node(page, "grep_1").get_by_label("pattern of grep_1")
    expect(on_node).to_have_value("^4")
    page.get_by_role("button", name="Undo").click()
    expect(on_node).to_have_value("^1")
    page.get_by_role("button", name="Redo").click()
    expect(on_node).to_have_value("^4")

    select(page, "grep_2")
    page.get_by_role("button", name="Delete selection").click()
    expect(node(page, "grep_2")).to_have_count(0)
    expect(edges).to_have_count(1)


def test_a_parameter_shared_by_the_selection_is_set_on_all(page: Page, api: httpx.Client) -> None:
    grep = operation(api, "grep")
    workflow_id = create_workflow(api, "Two greps", [
        {"id": "first", "operation": grep["id"], "position": {"x": 0, "y": 0}},
        {"id": "second", "operation": grep["id"], "position": {"x": 0, "y": 160}},
    ])
    open_editor(page, f"/workflows/{workflow_id}")
    select(page, "first")
    select(page, "second", add=True)
    expect(properties(page)).to_contain_text("2 nodes selected")
    properties(page).get_by_label("pattern", exact=True).fill("^7")
    expect(node(page, "first")).to_contain_text("^7")
    expect(node(page, "second")).to_contain_text("^7")
    expect(page.get_by_role("status", name="Save state")).to_have_text("● Unsaved changes")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")
    nodes = api.get(f"/workflows/{workflow_id}").json()["graph"]["nodes"]
    assert [n["params"] for n in nodes] == [{"pattern": "^7"}, {"pattern": "^7"}]

    # moving a node is a change, undone in one step
    page.keyboard.press("Escape")
    before = node(page, "first").bounding_box()
    assert before is not None
    start = centre(node(page, "first").locator(".op-node-title"))
    drag_between(page, start, (start[0] + 150, start[1] + 60))
    expect(page.get_by_role("status", name="Save state")).to_have_text("● Unsaved changes")
    page.keyboard.press("Control+z")
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")
    after = node(page, "first").bounding_box()
    assert after is not None and abs(after["x"] - before["x"]) < 1


def test_clone_opens_the_copy(page: Page, api: httpx.Client) -> None:
    sequence = operation(api, "sequence")
    workflow_id = create_workflow(api, "Original", [
        {"id": "numbers", "operation": sequence["id"], "position": {"x": 0, "y": 0}}])
    open_editor(page, f"/workflows/{workflow_id}")
    properties(page).get_by_label("Title").fill("Original, edited")
    page.get_by_role("button", name="Clone").click()
    expect(page.get_by_role("heading", name="Copy of Original, edited")).to_be_visible()
    copy_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert copy_id != workflow_id
    assert api.get(f"/workflows/{workflow_id}").json()["title"] == "Original, edited"
    assert api.get(f"/workflows/{copy_id}").json()["graph"]["nodes"][0]["id"] == "numbers"


def test_workflow_parameters_and_links(page: Page, api: httpx.Client) -> None:
    sequence = operation(api, "sequence")
    workflow_id = create_workflow(api, "Linked count", [
        {"id": "numbers", "operation": sequence["id"], "position": {"x": 0, "y": 0}}])
    open_editor(page, f"/workflows/{workflow_id}")
    panel = properties(page)
    panel.get_by_role("button", name="+ Add parameter").click()
    panel.get_by_label("Workflow parameter 1 name").fill("how_many")
    panel.get_by_label("Workflow parameter 1 type").select_option("int")
    panel.get_by_label("Workflow parameter 1 default").fill("12")

    select(page, "numbers")
    panel.get_by_label("Link count to a workflow parameter").select_option("how_many")
    expect(panel.get_by_text("= $how_many")).to_be_visible()
    page.keyboard.press("Escape")
    expect(node(page, "numbers")).to_contain_text("count $how_many")
    expect(panel).to_contain_text("Linked from 1 node parameter")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")
    saved = api.get(f"/workflows/{workflow_id}").json()
    assert saved["parameters"][0]["name"] == "how_many"
    assert saved["parameters"][0]["default"] == 12
    assert saved["graph"]["nodes"][0]["param_refs"] == {"count": "how_many"}

    select(page, "numbers")
    panel.get_by_role("button", name="Unlink count").click()
    expect(node(page, "numbers").get_by_label("count of numbers")).to_have_value("100")


def test_validation_problems_show_on_their_nodes(page: Page, api: httpx.Client) -> None:
    split = operation(api, "split")
    sequence = operation(api, "sequence")
    workflow_id = create_workflow(api, "Missing input", [
        {"id": "numbers", "operation": sequence["id"], "position": {"x": 0, "y": 0}},
        {"id": "lonely", "operation": split["id"], "position": {"x": 320, "y": 0}},
    ])
    open_editor(page, f"/workflows/{workflow_id}")
    page.get_by_role("button", name="Validate").click()
    panel = page.get_by_role("region", name="Validation")
    expect(panel).to_contain_text("1 problem")
    expect(node(page, "lonely").get_by_role("note")).to_contain_text(
        "input data.csv: has 0 connection(s), needs 1..unbounded")
    expect(node(page, "numbers").get_by_role("note")).to_have_count(0)
    screenshot(page, "editor-problems")
    panel.get_by_role("button").filter(has_text="lonely").click()
    expect(properties(page)).to_contain_text("node lonely")
    expect(properties(page).get_by_role("alert")).to_contain_text("has 0 connection(s)")
    page.get_by_role("button", name="▶ Run").click()
    expect(page.get_by_role("alert").filter(has_text="The run was not started")).to_be_visible()
    expect(page).to_have_url(re.compile(f"/workflows/{workflow_id}$"))


def test_upgrade_moves_nodes_to_the_newest_version(page: Page, api: httpx.Client) -> None:
    first = publish_copy(api, operation(api, "grep"), "grep_for_upgrade")
    workflow_id = create_workflow(api, "Old grep", [
        {"id": "old", "operation": first["id"], "position": {"x": 0, "y": 0},
         "params": {"pattern": "^3"}}])

    # the next version, made in the operation editor
    page.goto(f"/operations/{first['id']}")
    page.get_by_role("button", name="Clone to a new version").click()
    expect(page).not_to_have_url(re.compile(first["id"]))
    general = page.get_by_role("region", name="General", exact=True)
    general.get_by_label("Title").fill("Lines matching, v2")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("button", name="Saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".op-header").get_by_title("Status: published")).to_be_visible()
    second = api.get(f"/operations/{page.url.rsplit('/', 1)[1]}").json()
    assert (second["version"], second["title"]) == (2, "Lines matching, v2")

    open_editor(page, f"/workflows/{workflow_id}")
    expect(node(page, "old")).to_contain_text("grep_for_upgrade v1")
    page.get_by_role("button", name="Upgrade nodes").click()
    dialog = page.get_by_role("dialog", name="Upgrade nodes")
    expect(dialog).to_contain_text("grep_for_upgrade v1 → v2")
    dialog.get_by_role("button", name="Upgrade 1 node").click()
    expect(page.get_by_role("dialog", name="Upgraded 1 node")).to_be_visible()
    page.get_by_role("dialog").get_by_role("button", name="Close", exact=True).first.click()
    expect(node(page, "old")).to_contain_text("↑ upgraded")
    expect(node(page, "old")).to_contain_text("grep_for_upgrade v2")
    expect(page.get_by_role("status", name="Upgraded nodes")).to_contain_text(
        "old (grep_for_upgrade v1 → v2)")
    saved = api.get(f"/workflows/{workflow_id}").json()
    assert saved["graph"]["nodes"][0]["operation"] == second["id"]
    assert saved["graph"]["nodes"][0]["params"] == {"pattern": "^3"}


def test_a_composite_node_opens_read_only(page: Page, api: httpx.Client) -> None:
    sequence = operation(api, "sequence")
    grep = operation(api, "grep")
    composite = publish_copy(api, {
        "kind": "composite", "title": "Numbers starting with a digit",
        "parameters": [{"name": "count", "type": "int", "default": 50}],
        "outputs": [{"name": "matches", "type": "text"}],
        "graph": {
            "nodes": [{"id": "numbers", "operation": sequence["id"],
                       "param_refs": {"count": "count"}},
                      {"id": "filter", "operation": grep["id"], "params": {"pattern": "^2"}}],
            "edges": [{"source": "numbers", "output": "numbers", "target": "filter",
                       "input": "lines"}],
            "outputs": {"matches": {"node": "filter", "output": "matches"}},
        }}, "numbers_by_digit")
    workflow_id = create_workflow(api, "Uses a composite", [
        {"id": "digits", "operation": composite["id"], "position": {"x": 0, "y": 0}}])
    open_editor(page, f"/workflows/{workflow_id}")
    node(page, "digits").dblclick()
    crumbs = page.get_by_role("navigation", name="Composite path")
    expect(crumbs).to_contain_text("Uses a composite")
    expect(crumbs).to_contain_text("Numbers starting with a digit")
    expect(node(page, "numbers")).to_contain_text("count $count")
    expect(node(page, "filter")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    expect(page.get_by_role("note").filter(has_text="Read-only")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the operation")).to_have_attribute(
        "href", f"/operations/{composite['id']}")
    select(page, "filter")
    expect(properties(page).get_by_label("pattern", exact=True)).to_be_disabled()
    screenshot(page, "editor-composite")
    crumbs.get_by_role("button", name="Uses a composite").click()
    expect(node(page, "digits")).to_be_visible()
    expect(crumbs).to_have_count(0)


def test_a_large_workflow_is_laid_out_on_opening(page: Page, api: httpx.Client) -> None:
    sequence = operation(api, "sequence")
    grep = operation(api, "grep")
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    for chain in range(50):
        nodes.append({"id": f"s{chain}", "operation": sequence["id"]})
        for step in range(3):
            nodes.append({"id": f"g{chain}_{step}", "operation": grep["id"]})
            source = f"s{chain}" if step == 0 else f"g{chain}_{step - 1}"
            output = "numbers" if step == 0 else "matches"
            edges.append({"source": source, "output": output, "target": f"g{chain}_{step}",
                          "input": "lines"})
    workflow_id = create_workflow(api, "Two hundred nodes", nodes, edges)
    open_editor(page, f"/workflows/{workflow_id}")
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")
    first, second = (node(page, "g0_0").bounding_box(), node(page, "g0_1").bounding_box())
    assert first is not None and second is not None
    assert second["x"] > first["x"] + first["width"]  # layered left to right
    canvas(page).click(position={"x": 5, "y": 5})
    page.keyboard.press("l")
    expect(page.get_by_role("status", name="Save state")).to_have_text("● Unsaved changes")
    expect(page.get_by_role("button", name="Auto layout")).to_be_enabled()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status", name="Save state")).to_have_text("✓ Saved")


def test_help_lists_the_shortcuts_and_leaving_unsaved_asks(page: Page) -> None:
    page.goto("/workflows")
    page.get_by_role("link", name="+ New workflow").click()  # in the app: Back stays in it
    expect(page.locator(".editor-canvas:not(.pending)")).to_be_visible()
    expect(hub_item(page, "Numbers 1..N")).to_be_visible()
    page.keyboard.press("?")
    help_box = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_box).to_contain_text("Ctrl+Shift+Z")
    expect(help_box).to_contain_text("Fit the whole graph in view")
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(help_box).to_have_count(0)

    drop(page, "Numbers 1..N", 200, 200)
    expect(node(page, "sequence_1")).to_be_visible()
    questions: list[str] = []

    def answer(dialog: Any) -> None:
        questions.append(dialog.message)
        if len(questions) <= 2:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    with page.expect_event("dialog"):
        page.get_by_role("navigation", name="Sections").get_by_role("link", name="Runs").click()
    expect(node(page, "sequence_1")).to_be_visible()
    assert questions == ["This workflow has unsaved changes. Leave without saving?"]
    with page.expect_event("dialog"):
        page.go_back()  # the browser's Back button asks too
    expect(node(page, "sequence_1")).to_be_visible()
    assert len(questions) == 2
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Runs").click()
    expect(page).to_have_url(re.compile("/runs$"))
    assert len(questions) == 3


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_editor_screenshots(page: Page, api: httpx.Client, theme: str) -> None:
    split = operation(api, "split")
    sequence = operation(api, "sequence")
    grep = operation(api, "grep")
    workflow_id = create_workflow(api, "Screenshot pipeline", [
        {"id": "numbers", "operation": sequence["id"], "params": {"count": 500}},
        {"id": "evens", "operation": grep["id"], "params": {"pattern": "[02468]$"}},
        {"id": "odds", "operation": grep["id"], "params": {"pattern": "[13579]$"}},
        {"id": "split", "operation": split["id"]},
    ], [
        {"source": "numbers", "output": "numbers", "target": "evens", "input": "lines"},
        {"source": "numbers", "output": "numbers", "target": "odds", "input": "lines"},
    ], parameters=[{"name": "seed", "type": "int", "default": 3}])
    page.add_init_script(f"localStorage.setItem('plynx.theme', '{theme}')")
    open_editor(page, f"/workflows/{workflow_id}")
    select(page, "evens")
    expect(node(page, "evens").get_by_label("pattern of evens")).to_be_visible()
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_role("region", name="Validation")).to_contain_text("problem")
    screenshot(page, f"editor-{theme}")


def test_the_author_sees_a_draft_marked_in_the_hub_with_why(page: Page, api: httpx.Client) -> None:
    created = api.post("/operations", json={"name": "draft_in_hub", "kind": "bash_jinja2",
                                            "title": "Unfinished step", "code": "true"})
    assert created.status_code == 201, created.text
    open_editor(page, "/workflows/new")
    page.get_by_role("complementary", name="Operations").get_by_label(
        "Search operations").fill("unfinished")
    item = hub_item(page, "Unfinished step")
    expect(item).to_have_attribute("data-status", "draft")
    mark = item.locator(".hub-item-draft")
    expect(mark).to_contain_text("draft")
    expect(mark).to_contain_text("published")
    expect(mark).to_have_attribute("title", re.compile("published"))
    item.dblclick()
    expect(node(page, "draft_in_hub_1")).to_be_visible()
    expect(properties(page)).to_contain_text("node draft_in_hub_1")


def test_identical_toasts_replace_each_other_and_close_by_themselves(page: Page,
                                                                      api: httpx.Client) -> None:
    sequence = operation(api, "sequence")
    workflow_id = create_workflow(api, "Nothing to save", [
        {"id": "numbers", "operation": sequence["id"], "position": {"x": 0, "y": 0}}])
    open_editor(page, f"/workflows/{workflow_id}")
    canvas(page).click(position={"x": 20, "y": 20})
    toasts = page.locator(".toasts .toast").filter(has_text="No changes to save.")
    page.keyboard.press("Control+s")
    expect(toasts).to_have_count(1)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(300)
    expect(toasts).to_have_count(1)
    expect(toasts).to_have_count(0, timeout=8_000)


def test_edges_have_the_colour_of_their_type(page: Page, api: httpx.Client) -> None:
    workflow_id = create_workflow(
        api, "Typed edges",
        [{"id": "numbers", "operation": operation(api, "sequence")["id"],
          "position": {"x": 0, "y": 0}},
         {"id": "grep", "operation": operation(api, "grep")["id"],
          "position": {"x": 360, "y": 0}}],
        [{"source": "numbers", "output": "numbers", "target": "grep", "input": "lines"}])
    open_editor(page, f"/workflows/{workflow_id}")
    path = page.locator('.react-flow__edge-path[data-type="text"]')
    expect(path).to_have_count(1)
    assert path.evaluate("element => getComputedStyle(element).stroke") == page.evaluate(
        TYPE_COLOUR, "text")
    assert page.evaluate(TYPE_COLOUR, "text") != page.evaluate(TYPE_COLOUR, "csv")


#: The computed colour the theme gives a resource type.
TYPE_COLOUR = """type => {
  const probe = document.createElement("span");
  probe.style.color = `var(--type-${type})`;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}"""
