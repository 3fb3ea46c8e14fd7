"""The operation editor: writing a new operation, previewing its command, versions,
publishing, deprecating, the server's problems, and unsaved changes."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.ui.conftest import screenshot
from tests.ui.live import LivePlynx


def _api(server: LivePlynx, path: str, **params: object) -> dict:
    answer = httpx.get(f"{server.url}/api/v1{path}", params=params, timeout=10)
    answer.raise_for_status()
    return answer.json()


def _published_v1(server: LivePlynx, name: str) -> dict:
    found = _api(server, "/operations", name=name, limit=100)["items"]
    return next(op for op in found if op["version"] == 1)


def _section(page: Page, title: str) -> Locator:
    return page.get_by_role("region", name=title, exact=True)


def _type_code(page: Page, code: str) -> None:
    """Replace the code in the CodeMirror editor (inserted as typed text, without the
    editor's automatic closing of brackets)."""
    editor = _section(page, "Command template").get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def _switch_theme(page: Page, theme: str) -> None:
    page.get_by_role("button", name=f"Switch to the {theme} theme").click()
    expect(page.locator("html")).to_have_attribute("data-theme", theme)


def test_write_preview_save_and_publish_a_new_operation(page: Page,
                                                        plynx_local: LivePlynx) -> None:
    page.goto("/operations/new")
    expect(page.get_by_role("heading", name="New operation")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("count_words")
    page.get_by_label("Title").fill("Count words or lines")
    page.get_by_label("Description").fill("Runs `wc` on a text file.")

    page.get_by_role("button", name="+ Add input").click()
    page.get_by_label("Input 1 name").fill("lines")
    page.get_by_label("Type of lines").select_option("text")
    page.get_by_role("button", name="+ Add output").click()
    page.get_by_label("Output 1 name").fill("count")
    page.get_by_label("Type of count").select_option("text")
    page.get_by_role("button", name="+ Add parameter").click()
    page.get_by_label("Parameter 1 name").fill("flags")
    page.get_by_label("Default of flags").fill("-w")
    page.get_by_label("Description of flags").fill("options of wc")
    _type_code(page, "wc {{ param['flags'] }} < {{ input.lines }} > {{ output.count }}")
    expect(page.get_by_text("{{ input.lines }}", exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="unsaved changes")).to_be_visible()
    screenshot(page, "operation-new-light")

    # The server renders the template as it is in the editor, before anything is saved,
    # with the values chosen here, shell-quoted.
    preview = _section(page, "Command preview")
    command = preview.get_by_label("Rendered command")
    expect(command).to_have_text("wc -w < /tmp/plynx/inputs/lines > /tmp/plynx/outputs/count")
    preview.get_by_label("Preview value of flags").fill("-l -w")
    preview.get_by_label("Preview path of lines").fill("/data/my notes.txt")
    expect(command).to_have_text(
        "wc '-l -w' < '/data/my notes.txt' > /tmp/plynx/outputs/count")
    command.scroll_into_view_if_needed()
    screenshot(page, "operation-draft-preview-light")

    page.get_by_role("button", name="Save draft").first.click()
    expect(page).to_have_url(re.compile(r"/operations/[0-9a-f]{32}$"))
    op_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("heading", name="Count words or lines")).to_be_visible()
    header = page.locator(".op-header")
    expect(header.get_by_title("Status: draft")).to_be_visible()

    # An unsaved change of the code shows in the preview at once.
    _type_code(page, "wc {{ param['flags'] }} -c < {{ input.lines }} > {{ output.count }}")
    expect(command).to_have_text("wc -w -c < /tmp/plynx/inputs/lines > /tmp/plynx/outputs/count")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.get_by_role("button", name="Saved")).to_be_visible()

    page.get_by_role("button", name="Publish").click()
    expect(header.get_by_title("Status: published")).to_be_visible()
    expect(page.get_by_role("button", name="Clone to a new version")).to_be_visible()
    expect(page.get_by_label("Title")).to_be_disabled()
    page.get_by_role("button", name="Star", exact=True).click()
    expect(page.get_by_role("button", name="Unstar")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Archive (hide from lists)").click()
    expect(header.get_by_text("archived", exact=True)).to_be_visible()

    saved = _api(plynx_local, f"/operations/{op_id}")
    assert saved["status"] == "published"
    assert saved["starred"] is True
    assert saved["archived"] is True
    assert saved["inputs"] == [{"name": "lines", "type": "text", "min_count": 1, "max_count": 1}]
    assert [p["name"] for p in saved["parameters"]] == ["flags"]
    assert saved["parameters"][0]["default"] == "-w"
    assert saved["code"] == "wc {{ param['flags'] }} -c < {{ input.lines }} > {{ output.count }}"


def test_clone_edit_publish_and_deprecate_a_demo_operation(page: Page,
                                                           plynx_local: LivePlynx) -> None:
    original = _published_v1(plynx_local, "git_checkout")
    page.goto(f"/operations/{original['id']}")
    expect(page.get_by_role("heading", name="Git - checkout directory")).to_be_visible()
    expect(page.get_by_text("Published versions never change")).to_be_visible()
    expect(_section(page, "General").get_by_label("Title")).to_be_disabled()
    _switch_theme(page, "dark")
    screenshot(page, "operation-published-dark")

    page.get_by_role("button", name="Clone to a new version").click()
    expect(page).not_to_have_url(re.compile(original["id"]))
    clone_id = page.url.rsplit("/", 1)[1]
    header = page.locator(".op-header")
    expect(header.get_by_title("Status: draft")).to_be_visible()
    expect(header.get_by_text("v2", exact=True)).to_be_visible()

    page.get_by_label("Default of commit").fill("main")
    _type_code(page, "set -e\ngit clone {{ param['repo'] }} src\ncd src\n"
                     "git reset --hard {{ param['commit'] }}\ncp -r . {{ output.dir }}\n")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("button", name="Saved")).to_be_visible()
    command = _section(page, "Command preview").get_by_label("Rendered command")
    expect(command).to_contain_text("git reset --hard main")

    page.get_by_role("button", name="Publish").click()
    expect(header.get_by_title("Status: published")).to_be_visible()
    versions = page.get_by_role("list", name="Versions")
    current = versions.get_by_role("link", name="Version 2, published")
    expect(current).to_have_attribute("aria-current", "page")
    expect(versions.get_by_role("link", name="Version 1, published")).to_be_visible()
    expect(versions).to_contain_text("changed: parameters (commit), code")
    screenshot(page, "operation-versions-dark")

    versions.get_by_role("link", name="Version 1, published").click()
    expect(page).to_have_url(re.compile(original["id"]))
    _switch_theme(page, "light")
    page.get_by_role("button", name="Deprecate…").click()
    dialog = page.get_by_role("dialog", name="Deprecate git_checkout v1")
    dialog.get_by_label("Successor").select_option(clone_id)
    screenshot(page, "operation-deprecate-light")
    dialog.get_by_role("button", name="Deprecate", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("note")).to_contain_text("This version is deprecated")
    expect(page.get_by_role("note").get_by_role("link", name="git_checkout v2")).to_be_visible()

    old = _api(plynx_local, f"/operations/{original['id']}")
    assert old["status"] == "deprecated"
    assert old["successor"] == clone_id
    new = _api(plynx_local, f"/operations/{clone_id}")
    assert new["status"] == "published"
    assert new["parameters"][1] | {"default": "main"} == new["parameters"][1]
    assert "git reset --hard {{ param['commit'] }}" in new["code"]


def test_values_placed_where_quoting_does_not_protect_them_are_warned_of(page: Page) -> None:
    page.goto("/operations/new")
    page.get_by_label("Name", exact=True).fill("greet")
    page.get_by_role("button", name="+ Add parameter").click()
    page.get_by_label("Parameter 1 name").fill("who")
    page.get_by_label("Default of who").fill("world")
    _type_code(page, "set -e\necho \"hello {{ param['who'] }}\"\necho {{ param['who'] }}\n")

    preview = _section(page, "Command preview")
    expect(preview.get_by_label("Rendered command")).to_have_text(
        'set -e\necho "hello world"\necho world\n', use_inner_text=True)
    warnings = preview.get_by_role("list", name="Warnings")
    expect(warnings.get_by_role("listitem")).to_have_count(1)
    expect(warnings).to_contain_text("line 2: {{ param['who'] }} is inside double quotes")
    expect(warnings).to_contain_text("$PLYNX_PARAM_who")
    # the line is marked in the code
    code = _section(page, "Command template")
    expect(code.locator(".cm-lint-marker-warning")).to_have_count(1)
    expect(code.locator(".cm-lintRange-warning")).to_contain_text("hello")
    preview.scroll_into_view_if_needed()
    screenshot(page, "operation-quoting-warning-light")

    # The warning does not keep the draft from being saved; the safe way has none.
    page.get_by_role("button", name="Save draft").first.click()
    expect(page).to_have_url(re.compile(r"/operations/[0-9a-f]{32}$"))
    _type_code(page, "set -e\necho \"hello $PLYNX_PARAM_who\"\n")
    expect(preview.get_by_label("Rendered command")).to_contain_text("$PLYNX_PARAM_who")
    expect(preview.get_by_role("list", name="Warnings")).to_have_count(0)
    expect(code.locator(".cm-lint-marker-warning")).to_have_count(0)


def test_the_servers_problems_are_shown_and_nothing_is_lost(page: Page) -> None:
    page.goto("/operations/new?kind=python")
    page.get_by_label("Name", exact=True).fill("broken_counts")
    page.get_by_role("button", name="+ Add input").click()
    page.get_by_label("Input 1 name").fill("rows")
    page.get_by_label("Minimum count of rows").fill("3")
    page.get_by_label("Maximum count of rows").fill("2")
    page.get_by_role("button", name="Save draft").first.click()

    problems = page.get_by_label("Problems found by the server")
    expect(problems).to_contain_text("Could not save")
    expect(problems).to_contain_text("count range 3..2 is empty")
    expect(_section(page, "Inputs")).to_contain_text("row 1: input 'rows': count range 3..2")
    screenshot(page, "operation-save-problems-light")
    expect(page).to_have_url(re.compile(r"/operations/new"))
    expect(page.get_by_label("Name", exact=True)).to_have_value("broken_counts")
    expect(page.get_by_label("Maximum count of rows")).to_have_value("2")

    # A draft may hold two inputs of one name; publishing it names the problem.
    page.get_by_label("Maximum count of rows").fill("5")
    page.get_by_role("button", name="+ Add input").click()
    page.get_by_label("Input 2 name").fill("rows")
    expect(page.get_by_text("Name used twice").first).to_be_visible()
    page.get_by_role("button", name="Save draft").first.click()
    expect(page).to_have_url(re.compile(r"/operations/[0-9a-f]{32}$"))
    page.get_by_role("button", name="Publish").click()
    expect(problems).to_contain_text("Could not publish")
    expect(problems).to_contain_text("input 'rows' is declared twice")
    expect(page.locator(".op-header").get_by_title("Status: draft")).to_be_visible()
    _switch_theme(page, "dark")
    screenshot(page, "operation-problems-dark")


def test_back_with_unsaved_changes_asks_first(page: Page, plynx_local: LivePlynx) -> None:
    draft = httpx.post(f"{plynx_local.url}/api/v1/operations", timeout=10,
                       json={"name": "back_demo", "title": "Back demo", "kind": "bash_jinja2",
                             "code": "echo hello"}).json()
    page.goto("/operations")
    page.get_by_role("link", name="Back demo").first.click()
    expect(page).to_have_url(re.compile(draft["id"]))
    page.get_by_label("Title").fill("Not saved")

    page.go_back()  # the browser's Back button
    dialog = page.get_by_role("dialog", name="Leave without saving?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(draft["id"]))
    expect(page.get_by_label("Title")).to_have_value("Not saved")

    page.go_back()
    dialog.get_by_role("button", name="Discard changes and leave").click()
    expect(page).to_have_url(re.compile(r"/operations$"))
    assert _api(plynx_local, f"/operations/{draft['id']}")["title"] == "Back demo"


def test_leaving_with_unsaved_changes_asks_first(page: Page, plynx_local: LivePlynx) -> None:
    draft = httpx.post(f"{plynx_local.url}/api/v1/operations", timeout=10,
                       json={"name": "unsaved_demo", "kind": "bash_jinja2",
                             "code": "echo hello"}).json()
    page.goto(f"/operations/{draft['id']}")
    page.get_by_label("Title").fill("A title not saved yet")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Workflows").click()
    dialog = page.get_by_role("dialog", name="Leave without saving?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Title")).to_have_value("A title not saved yet")
    expect(page).to_have_url(re.compile(draft["id"]))

    page.get_by_role("button", name="Discard changes").click()
    expect(page.get_by_label("Title")).to_have_value("")
    page.get_by_label("Title").fill("Another title")
    page.get_by_role("link", name="Operations", exact=True).first.click()
    dialog.get_by_role("button", name="Discard changes and leave").click()
    expect(page).to_have_url(re.compile(r"/operations$"))
    assert _api(plynx_local, f"/operations/{draft['id']}")["title"] == ""

    page.goto(f"/operations/{draft['id']}")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Delete draft…").click()
    page.get_by_role("dialog", name="Delete this draft?").get_by_role(
        "button", name="Delete draft").click()
    expect(page).to_have_url(re.compile(r"/operations$"))
    gone = httpx.get(f"{plynx_local.url}/api/v1/operations/{draft['id']}", timeout=10)
    assert gone.status_code == 404
