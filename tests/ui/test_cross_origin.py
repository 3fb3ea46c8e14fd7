"""Pages of other sites cannot act through ``plynx local``: a page served on another port of
this machine (another origin) tries to launch a run with forms and fetch, and a page reached
by a name rebound to this machine (DNS rebinding) is refused; no run is created."""

from __future__ import annotations

import html
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.server.live import api_client
from tests.ui.live import CHROMIUM_ARGS, LivePlynx, chromium_path

#: A name the test browser resolves to this machine, as a rebinding attacker's name would.
REBOUND = "rebound.test"

ATTACK = """<!doctype html>
<title>Attack</title>
<iframe name="sink"></iframe>
<form id="text" method="post" enctype="text/plain" target="sink" action="{launch}">
  <input name='{{"values": {{}}, "x": "' value='"}}'>
</form>
<form id="urlencoded" method="post" target="sink" action="{launch}">
  <input name="values" value="{{}}">
</form>
<form id="multipart" method="post" enctype="multipart/form-data" target="sink"
      action="{launch}"><input name="values" value="{{}}"></form>
<script>
const launch = {launch_js};
const sink = document.querySelector("iframe");
function submitted(form) {{
  return new Promise((resolve) => {{
    sink.addEventListener("load", () => resolve("loaded"), {{ once: true }});
    document.getElementById(form).submit();
  }});
}}
function outcome(request) {{
  return request.then((response) => response.type + " " + response.status,
                      (error) => "rejected: " + error);
}}
(async () => {{
  const results = {{}};
  for (const form of ["text", "urlencoded", "multipart"]) results[form] = await submitted(form);
  const body = JSON.stringify({{ values: {{}} }});
  results.no_cors = await outcome(fetch(launch, {{
    method: "POST", mode: "no-cors", headers: {{ "Content-Type": "text/plain" }}, body }}));
  results.no_cors_bodyless = await outcome(fetch(launch, {{ method: "POST", mode: "no-cors" }}));
  results.cors_json = await outcome(fetch(launch, {{
    method: "POST", headers: {{ "Content-Type": "application/json" }}, body }}));
  results.cors_header = await outcome(fetch(launch, {{
    method: "POST", headers: {{ "X-PLynx-Client": "web" }} }}));
  window.results = results;
}})();
</script>
"""


@pytest.fixture
def api(plynx_local: LivePlynx) -> Iterator[httpx.Client]:
    with api_client(plynx_local.url) as client:
        yield client


@pytest.fixture
def workflow_id(api: httpx.Client) -> str:
    """A workflow of one quick task, which anyone who may launch runs could launch."""
    operation = api.post("/operations", json={
        "name": f"hello_{uuid.uuid4().hex[:8]}", "kind": "bash_jinja2",
        "code": "echo hello > {{ output.out }}", "outputs": [{"name": "out", "type": "text"}]})
    assert operation.status_code == 201, operation.text
    workflow = api.post("/workflows", json={
        "title": "Target", "graph": {"nodes": [{"id": "hi", "operation": operation.json()["id"]}]}})
    assert workflow.status_code == 201, workflow.text
    return str(workflow.json()["id"])


@pytest.fixture
def attack_site(plynx_local: LivePlynx, workflow_id: str) -> Iterator[str]:
    """Another origin on this machine (another port) serving the attack page at ``/``."""
    launch = f"{plynx_local.url}/api/v1/workflows/{workflow_id}/runs"
    page = ATTACK.format(launch=html.escape(launch), launch_js=json.dumps(launch)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


@pytest.fixture
def rebinding_browser(browser: Browser) -> Iterator[Browser]:
    """A second Chromium, resolving REBOUND to 127.0.0.1."""
    rebinding = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"])
    yield rebinding
    rebinding.close()


def runs_of(api: httpx.Client, workflow_id: str) -> int:
    return int(api.get("/runs", params={"workflow_id": workflow_id}).json()["total"])


def test_a_page_of_another_origin_cannot_launch_a_run(page: Page, api: httpx.Client,
                                                      workflow_id: str, attack_site: str,
                                                      plynx_local: LivePlynx) -> None:
    page.goto(attack_site)
    page.wait_for_function("window.results !== undefined")
    results = page.evaluate("window.results")
    assert runs_of(api, workflow_id) == 0
    # the forms and the no-cors requests reached the server, which refused them
    assert all(results[form] == "loaded" for form in ("text", "urlencoded", "multipart"))
    assert results["no_cors"] == results["no_cors_bodyless"] == "opaque 0"
    log = (plynx_local.home / "plynx-local.log").read_text()
    assert log.count(f"refused POST /api/v1/workflows/{workflow_id}/runs") == 5, log[-3000:]
    # the browser asked before the others, and was not allowed
    assert results["cors_json"].startswith("rejected")
    assert results["cors_header"].startswith("rejected")
    # the same launch from a client of PLynx gets in
    assert api.post(f"/workflows/{workflow_id}/runs", json={}).status_code == 201


def test_a_name_rebound_to_this_machine_is_refused(rebinding_browser: Browser, api: httpx.Client,
                                                   workflow_id: str,
                                                   plynx_local: LivePlynx) -> None:
    context = rebinding_browser.new_context()
    try:
        page = context.new_page()
        # what an attacker's page becomes once its name resolves to this machine
        response = page.goto(f"http://{REBOUND}:{plynx_local.port}/workflows")
        assert response is not None and response.status == 400
        assert "allowed_hosts" in response.text()
        status = page.evaluate("""(launch) => fetch(launch, {
            method: "POST", headers: {"Content-Type": "application/json",
                                      "X-PLynx-Client": "web"}, body: "{}"})
            .then((r) => r.status)""", f"/api/v1/workflows/{workflow_id}/runs")
        assert status == 400
    finally:
        context.close()
    assert runs_of(api, workflow_id) == 0
