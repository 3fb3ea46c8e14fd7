"""In-memory state of one run being scheduled, rebuildable from the metadata store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from plynx.graph import Plan
from plynx.model import NodeState, Run, Status


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def initial_states(plan: Plan) -> list[NodeState]:
    """A fresh ``created`` state for every node and group of a plan."""
    states = [NodeState(node_id=g.id, parent=g.parent, operation=g.operation.id)
              for g in plan.groups.values()]
    states += [NodeState(node_id=n.id, parent=n.parent, operation=n.operation.id)
               for n in plan.nodes.values()]
    return states


@dataclass
class RunState:
    """A run, its plan and the live state of each node, plus what is left to do."""

    run: Run
    plan: Plan
    states: dict[str, NodeState]
    waiting_on: dict[str, int] = field(default_factory=dict)
    dirty: dict[str, None] = field(default_factory=dict)  # changed nodes, last change last
    canceling: bool = False
    unfinished: int = 0  # nodes of the plan not in a terminal status

    def __post_init__(self) -> None:
        self.waiting_on = {
            node.id: sum(1 for d in node.dependencies if not self.states[d].status.is_success)
            for node in self.plan.nodes.values()
        }
        self.unfinished = sum(1 for n in self.plan.nodes if not self.states[n].status.is_terminal)

    def ready_nodes(self) -> list[str]:
        """Nodes not started whose inputs are all available."""
        return [node_id for node_id, count in self.waiting_on.items()
                if count == 0 and self.states[node_id].status in (Status.CREATED,)]

    def mark(self, node_id: str, status: Status, **fields: object) -> NodeState:
        """Change a node's status (and other fields) and remember to persist it."""
        state = self.states[node_id]
        if node_id in self.plan.nodes:
            self.unfinished += int(state.status.is_terminal) - int(status.is_terminal)
        state.status = status
        for name, value in fields.items():
            setattr(state, name, value)
        now = utcnow()
        if status is Status.RUNNING and state.started_at is None:
            state.started_at = now
        if status.is_terminal and state.finished_at is None:
            state.finished_at = now
        self.touch(node_id)
        return state

    def touch(self, node_id: str) -> None:
        """Remember that a node changed, after every change noted so far."""
        self.dirty.pop(node_id, None)
        self.dirty[node_id] = None

    def downstream(self, node_id: str) -> list[str]:
        """Every node that depends on ``node_id``, directly or not."""
        seen: set[str] = set()
        stack = list(self.plan.nodes[node_id].dependents)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.plan.nodes[current].dependents)
        return sorted(seen)

    @property
    def leaves_done(self) -> bool:
        return self.unfinished == 0

    def final_status(self) -> Status:
        """The run's status once every node is terminal."""
        statuses = {self.states[n].status for n in self.plan.nodes}
        if Status.FAILED in statuses:
            return Status.FAILED
        if self.canceling or Status.CANCELED in statuses:
            return Status.CANCELED
        if Status.SKIPPED in statuses:
            return Status.FAILED
        return Status.SUCCEEDED

    def refresh_groups(self, node_id: str) -> None:
        """Re-derive the state of every composite containing ``node_id``."""
        parent = self.states[node_id].parent
        while parent is not None:
            self._derive_group(parent)
            parent = self.states[parent].parent

    def refresh_all_groups(self) -> None:
        """Re-derive every composite's state, innermost first."""
        for group_id in sorted(self.plan.groups, key=lambda g: -g.count("/")):
            self._derive_group(group_id)

    def _derive_group(self, group_id: str) -> None:
        group = self.plan.groups[group_id]
        members = [self.states[m] for m in self.plan.leaves_of(group_id)]
        statuses = {m.status for m in members}
        state = self.states[group_id]
        before = (state.status, state.started_at, state.finished_at)
        status: Status
        if all(s.is_terminal for s in statuses):
            for candidate in (Status.FAILED, Status.CANCELED):
                if candidate in statuses:
                    status = candidate
                    break
            else:
                if statuses == {Status.SKIPPED}:
                    status = Status.SKIPPED
                elif statuses == {Status.CACHED}:
                    status = Status.CACHED
                elif Status.SKIPPED in statuses:
                    status = Status.FAILED
                else:
                    status = Status.SUCCEEDED
            state.finished_at = max((m.finished_at for m in members if m.finished_at),
                                    default=utcnow())
            if status.is_success:
                state.outputs = {name: self.states[node].outputs[output]
                                 for name, (node, output) in group.outputs.items()
                                 if output in self.states[node].outputs}
        elif statuses & {Status.RUNNING, Status.SUCCEEDED, Status.CACHED, Status.FAILED}:
            status = Status.RUNNING
        elif Status.QUEUED in statuses:
            status = Status.QUEUED
        else:
            status = Status.CREATED
        starts = [m.started_at for m in members if m.started_at]
        state.started_at = min(starts) if starts else None
        state.status = status
        if (state.status, state.started_at, state.finished_at) != before:
            self.touch(group_id)
