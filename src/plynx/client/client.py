"""The client of a PLynx server's REST API."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from plynx.client.builder import Workflow
from plynx.client.errors import ApiError, BuildError
from plynx.client.operations import OperationDef, content_of
from plynx.client.results import RunInfo
from plynx.client.run import Run
from plynx.client.session import DEFAULT_TIMEOUT, HttpClient, Session
from plynx.client.sse import SSEParser
from plynx.client.watch import OnChange, RunWatcher, read_events
from plynx.model import Event, Operation, OperationStatus
from plynx.model import Workflow as WorkflowModel

#: Where ``plynx local`` serves.
DEFAULT_URL = "http://127.0.0.1:5005"
#: How a run re-uses the cache: ``incremental`` re-uses results, ``scratch`` computes all.
Mode = Literal["incremental", "scratch"]
#: Items asked for per page when listing.
PAGE_SIZE = 500


class Client:
    """A connection to a PLynx server.

    ``url`` is the server's address (``/api/v1`` is added); ``token`` a bearer token (an API
    token ``plx_…`` or an access token), not needed in single-user mode. ``http`` is an
    ``httpx.Client``-like object to send requests with (with ``url=None``, paths are
    relative to its base URL); by default the client makes and owns one. Use
    ``Client.login`` to log in with a password: the access token is then renewed with the
    refresh token when it expires.
    """

    def __init__(self, url: str | None = DEFAULT_URL, token: str | None = None, *,
                 http: HttpClient | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.session = Session(url, http=http, token=token, timeout=timeout)
        self._stored: dict[str, str] = {}

    @classmethod
    def login(cls, url: str | None, username: str, password: str, *,
              http: HttpClient | None = None, timeout: float = DEFAULT_TIMEOUT) -> Client:
        """A client logged in as ``username`` (ApiError 401 for a wrong password); when its
        access token expires, it is renewed with the refresh token."""
        client = cls(url, http=http, timeout=timeout)
        tokens = client.session.json("POST", "/auth/login",
                                     json={"username": username, "password": password})
        client.session.tokens.access = tokens["access_token"]
        client.session.tokens.refresh = tokens.get("refresh_token")
        return client

    def close(self) -> None:
        """Close the HTTP client if this client made it."""
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<plynx Client {self.session.base}>"

    def me(self) -> dict[str, Any]:
        """Who the requests act as: ``id``, ``username``, ``policies``, ``is_admin``…"""
        result: dict[str, Any] = self.session.json("GET", "/auth/me")
        return result

    # operations

    def get_operation(self, op_id: str) -> Operation:
        return Operation.model_validate(self.session.json("GET", f"/operations/{op_id}"))

    def list_operations(self, **filters: Any) -> list[dict[str, Any]]:
        """Summaries of the operations matching ``filters`` (``name``, ``q``, ``kind``,
        ``status``, ``author``, ``latest_only``…), every page of them."""
        items: list[dict[str, Any]] = []
        while True:
            page = self.session.json("GET", "/operations", params={
                **filters, "offset": len(items), "limit": PAGE_SIZE})
            items += page["items"]
            if not page["items"] or len(items) >= page["total"]:
                return items

    def create_operation(self, op: OperationDef | Operation) -> Operation:
        """Store ``op`` as a new draft (the next version of its name)."""
        return Operation.model_validate(
            self.session.json("POST", "/operations", json=_draft(op)))

    def update_operation(self, op_id: str, op: OperationDef | Operation) -> Operation:
        """Replace the content of draft ``op_id``."""
        return Operation.model_validate(
            self.session.json("PUT", f"/operations/{op_id}", json=_draft(op)))

    def publish_operation(self, op_id: str) -> Operation:
        """Publish draft ``op_id`` (ApiError 422 lists every problem)."""
        return Operation.model_validate(
            self.session.json("POST", f"/operations/{op_id}/publish"))

    def operation(self, name: str, version: int | None = None) -> OperationDef:
        """A stored operation to use in workflows: the newest published version of
        ``name``, or the given ``version``."""
        summaries = self.list_operations(name=name)
        if version is not None:
            chosen = [s for s in summaries if s["version"] == version]
        else:
            chosen = [s for s in summaries if s["status"] == OperationStatus.PUBLISHED.value]
        if not chosen:
            what = f"version {version}" if version is not None else "published version"
            raise BuildError(f"operation {name!r} has no {what} on this server")
        best = max(chosen, key=lambda s: s["version"])
        return OperationDef(self.get_operation(best["id"]), stored_id=best["id"])

    def ensure_operation(self, op: OperationDef) -> str:
        """The id of a published operation doing exactly what ``op`` does.

        Re-uses a stored version with the same content (publishing it if it is one's own
        draft), so submitting the same code twice does not make new versions; otherwise
        creates and publishes the next version of its name.
        """
        if op.stored_id is not None:
            return op.stored_id
        content = op.content()
        key = json.dumps(content, sort_keys=True)
        if key in self._stored:
            return self._stored[key]
        op_id = self._find_same(op.name, content) or self.create_operation(op).id
        published = self.get_operation(op_id)
        if published.status is OperationStatus.DRAFT:
            published = self.publish_operation(op_id)
        self._stored[key] = published.id
        return published.id

    def _find_same(self, name: str, content: dict[str, Any]) -> str | None:
        """A published version of ``name`` (or a draft of one's own) with ``content``."""
        me = None
        outline = ("kind", "title", "description", "inputs", "outputs", "parameters")
        for summary in sorted(self.list_operations(name=name), key=lambda s: -s["version"]):
            status = summary["status"]
            if status not in (OperationStatus.PUBLISHED.value, OperationStatus.DRAFT.value):
                continue
            if status == OperationStatus.DRAFT.value:
                me = me or self.me()["username"]
                if summary["author"] != me:
                    continue
            if any(_normal(summary.get(k)) != _normal(content.get(k)) for k in outline):
                continue
            if content_of(self.get_operation(summary["id"])) == content:
                return str(summary["id"])
        return None

    def upload(self, path: str | Path, title: str | None = None) -> OperationDef:
        """Upload a local file; the published ``file`` operation providing it (one output,
        ``out``, typed by the file's extension), to use as a node in workflows."""
        path = Path(path)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise BuildError(f"cannot upload {path}: {exc.strerror or exc}") from None
        with handle:
            uploaded = self.session.json("POST", "/artifacts",
                                         params={"operation": True, "title": title},
                                         files={"file": (path.name, handle)})
        stored = Operation.model_validate(uploaded["operation"])
        return OperationDef(stored, stored_id=stored.id)

    # workflows

    def get_workflow(self, workflow_id: str) -> WorkflowModel:
        return WorkflowModel.model_validate(self.session.json("GET", f"/workflows/{workflow_id}"))

    def save_workflow(self, workflow: Workflow | WorkflowModel,
                      workflow_id: str | None = None) -> str:
        """Store ``workflow``; its id.

        A ``Workflow`` built in Python first gets its operations stored (see
        ``ensure_operation``); it is created the first time and updated afterwards (its
        ``id`` is kept on it). A model is created, or replaces ``workflow_id``.
        """
        if isinstance(workflow, Workflow):
            ids = {op: self.ensure_operation(op) for op in workflow.operations()}
            body = workflow.to_model(ids).model_dump(mode="json", exclude={"id", "operations"})
            workflow_id = workflow_id or workflow.id
        else:
            body = workflow.model_dump(mode="json", exclude={"id", "author", "created_at",
                                                             "updated_at"})
        saved = None
        if workflow_id is not None:
            try:
                saved = self.session.json("PUT", f"/workflows/{workflow_id}", json=body)
            except ApiError as exc:
                if exc.status != 404 or not isinstance(workflow, Workflow):
                    raise
        if saved is None:
            saved = self.session.json("POST", "/workflows", json=body)
        if isinstance(workflow, Workflow):
            workflow.id = saved["id"]
        return str(saved["id"])

    # runs

    def launch(self, workflow_id: str, params: Mapping[str, Any] | None = None,
               node_params: Mapping[str, Mapping[str, Any]] | None = None,
               mode: Mode = "incremental", fail_fast: bool = False) -> Run:
        """Start a run of stored workflow ``workflow_id``; its handle."""
        body = {"params": dict(params or {}),
                "node_params": {k: dict(v) for k, v in (node_params or {}).items()},
                "mode": mode, "options": {"fail_fast": fail_fast}}
        info = RunInfo.model_validate(
            self.session.json("POST", f"/workflows/{workflow_id}/runs", json=body))
        return Run(self, info)

    def submit(self, workflow: Workflow | WorkflowModel,
               params: Mapping[str, Any] | None = None,
               node_params: Mapping[str, Mapping[str, Any]] | None = None,
               mode: Mode = "incremental", fail_fast: bool = False) -> Run:
        """Store ``workflow`` (and its operations) and start a run of it; its handle."""
        workflow_id = self.save_workflow(workflow)
        return self.launch(workflow_id, params, node_params, mode, fail_fast)

    def run(self, run_id: str) -> Run:
        """The handle of an existing run."""
        return Run(self, self.get_run(run_id))

    def get_run(self, run_id: str) -> RunInfo:
        """The run's state and every node's state."""
        return RunInfo.model_validate(self.session.json("GET", f"/runs/{run_id}"))

    def wait(self, run_id: str, on_change: OnChange | None = None,
             timeout: float | None = None) -> RunInfo:
        """Block until the run ends (TimeoutError after ``timeout`` seconds); its final state.

        ``on_change(node)`` is called with each node's state (a ``NodeInfo``) when the
        waiting starts, then with its new state whenever it changes.
        """
        return RunWatcher(self.session, run_id, on_change, timeout).wait()

    def cancel(self, run_id: str) -> RunInfo:
        """Ask the run to stop; running nodes are stopped, the others canceled."""
        self.session.request("POST", f"/runs/{run_id}/cancel")
        return self.get_run(run_id)

    def output(self, run_id: str, node: str, output: str) -> bytes:
        """The bytes of output ``output`` of node ``node`` (a directory comes as an archive)."""
        response = self.session.request("GET", f"/runs/{run_id}/outputs/download",
                                        params={"node": node, "output": output})
        content: bytes = response.content
        return content

    def logs(self, run_id: str, node: str | None = None, stream: str | None = None) -> str:
        """The ``stdout`` (default), ``stderr`` or ``system`` log of a node of a run, as
        written so far; with ``node`` None, the run's own ``system`` log."""
        parts: list[str] = []
        offset = 0
        while True:
            chunk = self.session.json("GET", f"/runs/{run_id}/logs", params={
                "node": node, "stream": stream, "offset": offset})
            parts.append(chunk["text"])
            if chunk["offset"] <= offset or chunk["offset"] >= chunk["size"]:
                return "".join(parts)
            offset = chunk["offset"]

    def follow_logs(self, run_id: str, node: str | None = None,
                    stream: str | None = None) -> Iterator[str]:
        """The log as it is written, piece by piece, until the node (or run) ends."""
        with self.session.stream(f"/runs/{run_id}/logs", params={
                "node": node, "stream": stream, "follow": True}) as response:
            yield from response.iter_text()

    def events(self, run_id: str | None = None, last_event_id: str | None = None,
               ) -> Iterator[Event]:
        """Every change of runs (of run ``run_id`` only, if given) as it happens; endless."""
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        with self.session.stream("/events", params={"run_id": run_id},
                                 headers=headers) as response:
            yield from read_events(response.iter_lines(), SSEParser())


def _draft(op: OperationDef | Operation) -> dict[str, Any]:
    model = op.model if isinstance(op, OperationDef) else op
    return content_of(model)


def _normal(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
