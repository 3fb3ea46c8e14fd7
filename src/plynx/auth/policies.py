"""Per-user permissions (policies) and the principal a request acts as."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from plynx.auth.errors import Forbidden
from plynx.errors import InvalidInput


class Policy(StrEnum):
    """One permission a user may hold; ADMIN implies all of them."""

    VIEW_OTHERS_OPERATIONS = "view_others_operations"
    VIEW_OTHERS_WORKFLOWS = "view_others_workflows"
    CREATE_OPERATIONS = "create_operations"
    CREATE_WORKFLOWS = "create_workflows"
    MODIFY_OTHERS_WORKFLOWS = "modify_others_workflows"
    RUN_WORKFLOWS = "run_workflows"
    ADMIN = "admin"

    @property
    def description(self) -> str:
        """One line saying what the policy allows."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: dict[Policy, str] = {
    Policy.VIEW_OTHERS_OPERATIONS: "see operations authored by other users",
    Policy.VIEW_OTHERS_WORKFLOWS: "see workflows authored by other users",
    Policy.CREATE_OPERATIONS: "create and edit one's own operations, run unpublished code",
    Policy.CREATE_WORKFLOWS: "create and edit one's own workflows",
    Policy.MODIFY_OTHERS_WORKFLOWS: "edit workflows authored by other users",
    Policy.RUN_WORKFLOWS: "run workflows",
    Policy.ADMIN: "everything, including managing users and their policies",
}

#: Every policy.
ALL_POLICIES: frozenset[Policy] = frozenset(Policy)
#: The policies a new user gets.
DEFAULT_POLICIES: frozenset[Policy] = ALL_POLICIES - {Policy.MODIFY_OTHERS_WORKFLOWS, Policy.ADMIN}

_VIEW_OTHERS: dict[str, Policy] = {
    "operation": Policy.VIEW_OTHERS_OPERATIONS,
    "workflow": Policy.VIEW_OTHERS_WORKFLOWS,
}


def parse_policies(names: Iterable[str]) -> frozenset[Policy]:
    """The policies named in ``names``; :class:`~plynx.errors.InvalidInput` names unknown ones."""
    names = list(names)
    known = {p.value for p in Policy}
    unknown = sorted({n for n in names if n not in known})
    if unknown:
        noun = "policy" if len(unknown) == 1 else "policies"
        raise InvalidInput(
            f"unknown {noun} {', '.join(map(repr, unknown))}; "
            f"known policies are: {', '.join(p.value for p in Policy)}"
        )
    return frozenset(Policy(n) for n in names)


@dataclass(frozen=True)
class Principal:
    """The user a request acts as, with their policies. Authors are compared by username."""

    user_id: str
    username: str
    policies: frozenset[Policy]

    def __post_init__(self) -> None:
        object.__setattr__(self, "policies", frozenset(Policy(p) for p in self.policies))

    @property
    def is_admin(self) -> bool:
        """Whether the user holds ADMIN."""
        return Policy.ADMIN in self.policies

    def has(self, policy: Policy) -> bool:
        """Whether the user holds ``policy`` (ADMIN holds every one)."""
        return self.is_admin or policy in self.policies

    def require(self, policy: Policy) -> None:
        """Raise :class:`~plynx.auth.errors.Forbidden` unless the user holds ``policy``."""
        if not self.has(policy):
            raise Forbidden(f"you lack the permission '{policy.value}'")

    def can_view(self, author: str, kind: Literal["operation", "workflow"]) -> bool:
        """Whether the user may see an operation or workflow authored by ``author``."""
        try:
            needed = _VIEW_OTHERS[kind]
        except KeyError:
            raise ValueError(f"unknown kind {kind!r}; expected 'operation' or 'workflow'") from None
        return author == self.username or self.has(needed)

    def only_author(self, kind: Literal["operation", "workflow"]) -> str | None:
        """The author a search must be limited to (this user), or None when the user may
        see everyone's operations or workflows (runs count as workflows)."""
        return None if self.has(_VIEW_OTHERS[kind]) else self.username

    def can_control_run(self, author: str) -> bool:
        """Whether the user may cancel or re-run a run launched by ``author``."""
        return author == self.username or self.has(Policy.MODIFY_OTHERS_WORKFLOWS)

    def can_modify_workflow(self, author: str) -> bool:
        """Whether the user may edit a workflow authored by ``author``."""
        if author == self.username:
            return self.has(Policy.CREATE_WORKFLOWS)
        return self.has(Policy.MODIFY_OTHERS_WORKFLOWS)


#: The principal of single-user mode: holds every policy.
SINGLE_USER = Principal(user_id="default", username="default", policies=ALL_POLICIES)
