"""Turning a workflow into a stored run: validation, snapshot and the initial node states.

Needs only the metadata store and the registry, so an API server with no executor can
submit runs for the scheduler to claim.
"""

from __future__ import annotations

from typing import Any

from plynx.engine.state import RunState, initial_states, utcnow
from plynx.errors import ValidationFailed
from plynx.graph import build_plan, validate_workflow
from plynx.model import Run, RunOptions, Status, Workflow
from plynx.plugins import Registry
from plynx.store import MetadataStore


def create_run(store: MetadataStore, registry: Registry, workflow: Workflow,
               params: dict[str, Any] | None = None,
               node_params: dict[str, dict[str, Any]] | None = None,
               options: RunOptions | None = None, keep: bool = False,
               author: str | None = None, owner: str | None = None) -> RunState:
    """Validate ``workflow`` and store a queued run of it, driven by ``owner`` (None: the
    first scheduler to claim it).

    Raises ValidationFailed listing every problem; nothing is stored then.
    """
    params = dict(params or {})
    problems = validate_workflow(workflow, registry, params, node_params)
    if problems:
        raise ValidationFailed(problems)
    snapshot = apply_node_params(workflow, node_params or {})
    coerced = {p.name: p.coerce(params[p.name]) for p in snapshot.parameters if p.name in params}
    plan = build_plan(snapshot, coerced)
    run = Run(workflow_id=workflow.id, title=workflow.title, workflow=snapshot, params=coerced,
              options=options or RunOptions(), keep=keep, author=author or workflow.author,
              owner=owner, created_at=utcnow(), status=Status.QUEUED)
    states = initial_states(plan)
    store.create_run(run, states)
    return RunState(run, plan, {s.node_id: s for s in states})


def apply_node_params(workflow: Workflow, node_params: dict[str, dict[str, Any]]) -> Workflow:
    """A copy of ``workflow`` with node parameter overrides written into its nodes."""
    snapshot = workflow.model_copy(deep=True)
    for node in snapshot.graph.nodes:
        overrides = node_params.get(node.id)
        if overrides:
            node.params.update(overrides)
            for name in overrides:
                node.param_refs.pop(name, None)
    return snapshot
