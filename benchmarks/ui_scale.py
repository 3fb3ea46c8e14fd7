"""Web UI at scale: a 1,000-node workflow in the editor and a 5,000-node run in the monitor.

A ``plynx local`` on a fresh home serves the built UI; Playwright drives Chromium at
1280×800. Measured with the browser's own timings:

- **open**: from the start of the navigation to the first node drawn on the canvas;
- **layout**: the editor's automatic layout of a workflow without saved positions (ELK in a
  web worker), the User Timing measure ``plynx:layout`` the editor records;
- **pan**: frames per second counted with ``requestAnimationFrame`` while the mouse drags
  the canvas for two seconds.

The baseline is the same measures on a 10-node workflow (the page's fixed costs); the
5,000-node run is opened while it is running, so node events stream in as it is panned.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from _common import header, line, median, target
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ui.live import CHROMIUM_ARGS, LivePlynx, chromium_path  # noqa: E402

#: Counts animation frames from when ``__plynxFrames`` is reset.
FRAME_COUNTER = """
window.__plynxFrames = 0;
const tick = () => { window.__plynxFrames += 1; requestAnimationFrame(tick); };
requestAnimationFrame(tick);
"""

PAN_SECONDS = 2.0


def demo_operation(api: httpx.Client, name: str) -> dict[str, Any]:
    """The published demo operation ``name`` of the database hub."""
    response = api.get(f"/hubs/{api.get('/hubs').json()[0]['name']}/operations/{name}")
    response.raise_for_status()
    return response.json()


def layered_workflow(api: httpx.Client, nodes: int, title: str) -> str:
    """A saved workflow of ``nodes`` nodes without positions: ten ``sequence`` sources and
    ``grep`` nodes each reading a node of the few layers before it; its id."""
    sequence, grep = demo_operation(api, "sequence"), demo_operation(api, "grep")
    rng = random.Random(nodes)
    sources = min(10, nodes)
    graph_nodes = [{"id": f"n{i}", "operation": sequence["id"], "params": {"count": 10}}
                   for i in range(sources)]
    edges = []
    for i in range(sources, nodes):
        graph_nodes.append({"id": f"n{i}", "operation": grep["id"], "params": {"pattern": "1"}})
        source = rng.randrange(max(0, i - 30), i)
        output = "numbers" if source < sources else "matches"
        edges.append({"source": f"n{source}", "output": output, "target": f"n{i}",
                      "input": "lines"})
    body = {"title": title, "graph": {"nodes": graph_nodes, "edges": edges},
            "operations": {op["id"]: op for op in (sequence, grep)}}
    response = api.post("/workflows", json=body)
    response.raise_for_status()
    return str(response.json()["id"])


def open_page(page: Page, path: str) -> float:
    """Seconds from navigating to ``path`` to the first node drawn."""
    page.goto(path)
    page.locator(".react-flow__node").first.wait_for(state="visible", timeout=120_000)
    return float(page.evaluate("performance.now()")) / 1000


def layout_seconds(page: Page) -> float:
    """The duration of the editor's last automatic layout."""
    page.wait_for_function(
        "performance.getEntriesByName('plynx:layout').length > 0", timeout=120_000)
    return float(page.evaluate(
        "performance.getEntriesByName('plynx:layout').at(-1).duration")) / 1000


def pan_fps(page: Page) -> float:
    """Frames per second while the mouse drags the canvas across for two seconds."""
    pane = page.locator(".react-flow__pane").first.bounding_box()
    assert pane is not None
    x, y = pane["x"] + pane["width"] * 0.75, pane["y"] + pane["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate(FRAME_COUNTER)
    started = time.perf_counter()
    steps = 0
    while time.perf_counter() - started < PAN_SECONDS:
        steps += 1
        offset = (steps % 60) * 8
        page.mouse.move(x - offset, y - offset / 3)
        page.wait_for_timeout(16)
    frames = int(page.evaluate("window.__plynxFrames"))
    seconds = time.perf_counter() - started
    page.mouse.up()
    return frames / seconds


def measure_editor(page: Page, workflow_id: str, repeats: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"open": [], "layout": [], "fps": []}
    for _ in range(repeats):
        found["open"].append(open_page(page, f"/workflows/{workflow_id}"))
        found["layout"].append(layout_seconds(page))
        found["fps"].append(pan_fps(page))
    return found


def launch(api: httpx.Client, workflow_id: str) -> str:
    response = api.post(f"/workflows/{workflow_id}/runs", json={"mode": "scratch"})
    response.raise_for_status()
    return str(response.json()["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="nodes of the workflow opened")
    parser.add_argument("--run-nodes", type=int, default=5000, help="nodes of the run opened")
    parser.add_argument("--repeats", type=int, default=3, help="measurements of each side")
    args = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is needed: apt-get install chromium (or PLYNX_TEST_CHROMIUM)")

    header("web UI at scale: editor and run monitor in Chromium", nodes=args.nodes,
           run_nodes=args.run_nodes, repeats=args.repeats)
    with tempfile.TemporaryDirectory(prefix="plynx-bench-ui-") as home:
        server = LivePlynx(Path(home)).start()
        try:
            with httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as api, \
                    sync_playwright() as playwright:
                small = layered_workflow(api, 10, "Ten nodes")
                large = layered_workflow(api, args.nodes, f"{args.nodes} nodes")
                huge = layered_workflow(api, args.run_nodes, f"{args.run_nodes} nodes")
                browser = playwright.chromium.launch(executable_path=executable,
                                                     args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800},
                                        base_url=server.url)
                base = measure_editor(page, small, args.repeats)
                big = measure_editor(page, large, args.repeats)
                run_id = launch(api, huge)
                run_open = open_page(page, f"/runs/{run_id}")
                run_fps = [pan_fps(page) for _ in range(args.repeats)]
                done = api.get(f"/runs/{run_id}").json()["status"]
                browser.close()
        finally:
            server.stop()

    line("10 nodes: open", median(base["open"]), "s", base["open"])
    line("10 nodes: layout", median(base["layout"]), "s", base["layout"])
    line("10 nodes: pan", median(base["fps"]), "frames/s", base["fps"])
    line(f"{args.nodes} nodes: open", median(big["open"]), "s", big["open"])
    line(f"{args.nodes} nodes: layout", median(big["layout"]), "s", big["layout"])
    line(f"{args.nodes} nodes: pan", median(big["fps"]), "frames/s", big["fps"])
    line("layout ratio large / 10 nodes", median(big["layout"]) / median(base["layout"]), "x")
    line("pan ratio large / 10 nodes", median(big["fps"]) / median(base["fps"]), "x")
    line(f"run of {args.run_nodes} nodes: open while running", run_open, "s")
    line(f"run of {args.run_nodes} nodes: pan while running", median(run_fps), "frames/s",
         run_fps)
    print(f"   (the run was {done} when the measures ended)")
    target(f"layout of {args.nodes} nodes", median(big["layout"]), "s", 2.0, at_most=True)
    target(f"pan of {args.nodes} nodes", median(big["fps"]), "frames/s", 30.0, at_most=False)
    target(f"pan of a {args.run_nodes}-node run", median(run_fps), "frames/s", 30.0,
           at_most=False)


if __name__ == "__main__":
    main()
