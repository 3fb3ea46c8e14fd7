"""Listing and searching operations, their versions, stars and archiving.

Searches run in SQL on the indexed columns of ``operations`` (name, version, status,
created_at, and the derived ``search_text``, ``input_types`` and ``output_types``), count
their matches with the same filters and load only the rows of the requested page.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, exists, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from plynx.auth import ALL_POLICIES, SINGLE_USER, Policy, Principal
from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.model import Operation, OperationStatus
from plynx.store import convert
from plynx.store.columns import utcnow
from plynx.store.repository import Repository
from plynx.store.searching import has_type, text_matches
from plynx.store.tables import OperationRow, StarRow, UserRow, table_of

__all__ = [
    "IndexedOperation",
    "OperationFilter",
    "OperationIndex",
    "OperationResults",
    "OperationSort",
    "Viewer",
]

#: First key of the PostgreSQL advisory locks that serialise version numbers of one name.
_VERSION_LOCK_SPACE = 0x504C5856


class OperationSort(StrEnum):
    """Orders of search results."""

    NAME = "name"  # by name, newest version first
    RECENT = "recent"  # newest first
    KIND = "kind"  # by kind, then by name, newest version first


@dataclass(frozen=True)
class Viewer:
    """Who searches: whose stars count, and whose operations may be seen.

    ``author`` restricts results to the operations of that author; None shows everyone's.
    """

    user_id: str
    author: str | None

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        """The viewer a principal is: others' operations need ``view_others_operations``."""
        sees_all = principal.has(Policy.VIEW_OTHERS_OPERATIONS)
        return cls(user_id=principal.user_id, author=None if sees_all else principal.username)


@dataclass(frozen=True)
class OperationFilter:
    """What a search matches; every given field must hold.

    ``text`` matches every word in name, title, description and kind; ``input_type`` and
    ``output_type`` name one resource type exactly; ``drafts_of`` adds the drafts of that
    author to what ``statuses`` matches; ``latest_only`` keeps the newest matching version
    of each name (with ``drafts_of``, the newest draft and the newest other version apart).
    """

    text: str | None = None
    author: str | None = None
    kind: str | None = None
    statuses: Sequence[OperationStatus] = ()
    drafts_of: str | None = None
    starred: bool | None = None
    input_type: str | None = None
    output_type: str | None = None
    name: str | None = None
    latest_only: bool = False
    include_archived: bool = False
    sort: OperationSort = OperationSort.NAME


@dataclass(frozen=True)
class IndexedOperation:
    """An operation with what the index knows about it for one viewer."""

    operation: Operation
    starred: bool = False
    archived: bool = False


@dataclass(frozen=True)
class OperationResults:
    """One page of matches and the number of every match."""

    items: list[IndexedOperation] = field(default_factory=list)
    total: int = 0


def _order(sort: OperationSort) -> list[Any]:
    if sort is OperationSort.RECENT:
        return [OperationRow.created_at.desc(), OperationRow.id.desc()]
    by_name = [OperationRow.name, OperationRow.version.desc(), OperationRow.id]
    if sort is OperationSort.KIND:
        return [OperationRow.kind, *by_name]
    return by_name


def _starred_names(user_id: str) -> Select[str]:
    return select(StarRow.operation_name).where(StarRow.user_id == user_id)


def _status_matches(where: OperationFilter, row: Any) -> ColumnElement[bool]:
    """``row`` has one of the statuses of ``where``, or is a draft of ``where.drafts_of``."""
    listed = row.status.in_(sorted({s.value for s in where.statuses}))
    if where.drafts_of is None:
        return listed
    return or_(listed, _is_draft(row) & (row.author == where.drafts_of))


def _is_draft(row: Any) -> ColumnElement[bool]:
    return row.status == OperationStatus.DRAFT.value


def _conditions(where: OperationFilter, viewer: Viewer,
                row: Any = OperationRow) -> list[ColumnElement[bool]]:
    """The conditions of ``where`` on ``row`` (the operations table or an alias of it)."""
    conditions: list[ColumnElement[bool]] = []
    if viewer.author is not None:
        conditions.append(row.author == viewer.author)
    if where.text:
        conditions.append(text_matches(row.search_text, where.text))
    if where.author is not None:
        conditions.append(row.author == where.author)
    if where.kind is not None:
        conditions.append(row.kind == where.kind)
    if where.statuses or where.drafts_of is not None:
        conditions.append(_status_matches(where, row))
    if where.starred is not None:
        starred = row.name.in_(_starred_names(viewer.user_id))
        conditions.append(starred if where.starred else ~starred)
    if where.input_type is not None:
        conditions.append(has_type(row.input_types, where.input_type))
    if where.output_type is not None:
        conditions.append(has_type(row.output_types, where.output_type))
    if where.name is not None:
        conditions.append(row.name == where.name)
    if not where.include_archived:
        conditions.append(row.archived.is_(false()))
    return conditions


def _newest(where: OperationFilter, viewer: Viewer) -> ColumnElement[bool]:
    """No newer version of the same name matches ``where`` (an index lookup per row)."""
    newer = aliased(OperationRow)
    conditions = _conditions(where, viewer, newer)
    if where.drafts_of is not None:  # a draft hides no published version, nor the reverse
        conditions.append(_is_draft(newer) == _is_draft(OperationRow))
    return ~exists().where(newer.name == OperationRow.name,
                           newer.version > OperationRow.version, *conditions)


def _refuse_nul(where: OperationFilter) -> None:
    for name in ("text", "author", "drafts_of", "kind", "input_type", "output_type", "name"):
        value = getattr(where, name)
        if value is not None and "\x00" in value:
            raise InvalidInput(f"{name}: NUL characters are not allowed")


def _indexed(row: OperationRow, starred: bool) -> IndexedOperation:
    return IndexedOperation(convert.operation_from_row(row), starred=bool(starred),
                            archived=bool(row.archived))


def _with_star(user_id: str) -> Select[OperationRow, bool]:
    """Operation rows with whether ``user_id`` starred their name."""
    starred = StarRow.operation_name.is_not(None).label("starred")
    return select(OperationRow, starred).outerjoin(
        StarRow, (StarRow.operation_name == OperationRow.name) & (StarRow.user_id == user_id))


class OperationIndex(Repository):
    """Listing and searching operations, their versions, stars and archiving.

    Version numbers are given here: a new draft gets 1 + the highest version of its name,
    decided inside the transaction that stores it.
    """

    # -- reading ----------------------------------------------------------------------------

    def get(self, op_id: str, user_id: str) -> IndexedOperation:
        """The operation ``op_id`` with the star of ``user_id`` and its archived flag."""
        if "\x00" in op_id:  # PostgreSQL refuses NUL in text: no id holds one
            raise NotFound(f"operation {op_id!r} not found")
        query = _with_star(user_id).where(OperationRow.id == op_id)
        with self._reading() as session:
            found = session.execute(query).first()
            if found is None:
                raise NotFound(f"operation {op_id!r} not found")
            return _indexed(found[0], found[1])

    def search(self, where: OperationFilter, viewer: Viewer, offset: int = 0,
               limit: int = 50) -> OperationResults:
        """The matches of ``where`` the viewer may see: ``limit`` of them after ``offset``,
        and how many there are."""
        _refuse_nul(where)
        conditions = _conditions(where, viewer)
        if where.latest_only:
            conditions.append(_newest(where, viewer))
        count = select(func.count()).select_from(OperationRow).where(*conditions)
        page = (_with_star(viewer.user_id).where(*conditions).order_by(*_order(where.sort))
                .offset(offset).limit(limit))
        with self._reading() as session:
            total = int(session.scalar(count) or 0)
            items = [_indexed(row, starred) for row, starred in session.execute(page)]
        return OperationResults(items=items, total=total)

    def starred_names(self, user_id: str) -> set[str]:
        """Names of the operations ``user_id`` starred."""
        with self._reading() as session:
            return set(session.scalars(_starred_names(user_id)))

    # -- writing ----------------------------------------------------------------------------

    def create(self, op: Operation) -> Operation:
        """Store ``op`` as a new draft: version 1 + the highest version of its name."""
        with self._writing() as session:
            version = self._next_version(session, op.name)
            saved = op.model_copy(update={"version": version, "status": OperationStatus.DRAFT,
                                          "successor": None, "created_at": utcnow()})
            session.add(OperationRow(**convert.operation_values(saved)))
        return saved

    def update_draft(self, op: Operation) -> Operation:
        """Replace the content of the draft ``op.id``; its author and creation time stay.

        A draft renamed takes the next version of its new name. Conflict when the
        operation is no longer a draft: published content never changes.
        """
        with self._writing() as session:
            row = session.get(OperationRow, op.id, with_for_update=True)
            if row is None:
                raise NotFound(f"operation {op.id!r} not found")
            _require_draft(row, "edited; clone it into a new version and edit that")
            version = row.version if op.name == row.name else self._next_version(session,
                                                                                  op.name)
            saved = op.model_copy(update={"version": version, "status": OperationStatus.DRAFT,
                                          "successor": None, "author": row.author,
                                          "created_at": row.created_at})
            for name, value in convert.operation_values(saved).items():
                setattr(row, name, value)
        return saved

    def change_status(self, op: Operation, allowed: Collection[OperationStatus]) -> Operation:
        """Store the status and successor of ``op`` if its stored status is ``allowed``.

        Conflict when the stored status is not allowed, or when the stored content is no
        longer that of ``op`` (a draft edited meanwhile): what gets published is exactly
        what was checked.
        """
        with self._writing() as session:
            row = session.get(OperationRow, op.id, with_for_update=True)
            if row is None:
                raise NotFound(f"operation {op.id!r} not found")
            stored = convert.operation_from_row(row)
            label = f"operation {stored.name!r} version {stored.version}"
            if stored.status not in allowed:
                raise Conflict(f"{label} is {stored.status.value}; only "
                               f"{' or '.join(s.value for s in allowed)} operations can "
                               f"become {op.status.value}")
            if convert.operation_content(stored) != convert.operation_content(op):
                raise Conflict(f"{label} changed meanwhile; try again")
            saved = op.model_copy(update={"created_at": row.created_at})
            for name, value in convert.operation_values(saved).items():
                setattr(row, name, value)
        return saved

    def delete_draft(self, op_id: str) -> None:
        """Delete the draft ``op_id``; Conflict for a published or deprecated operation."""
        with self._writing() as session:
            row = session.get(OperationRow, op_id, with_for_update=True)
            if row is None:
                raise NotFound(f"operation {op_id!r} not found")
            _require_draft(row, "deleted (workflows and runs may use it); archive it instead")
            session.delete(row)

    def set_archived(self, op_id: str, archived: bool) -> None:
        """Hide the operation ``op_id`` from listings, or show it again."""
        operations = table_of(OperationRow)
        with self._writing() as session:
            result = session.execute(update(operations).where(operations.c.id == op_id)
                                     .values(archived=archived))
            if int(getattr(result, "rowcount", 0)) == 0:
                raise NotFound(f"operation {op_id!r} not found")

    def star(self, principal: Principal, name: str) -> None:
        """Star every version of the operation ``name`` for the principal (idempotent).

        In single-user mode the user ``default`` may not exist as a row yet (stars refer to
        users): it is created in the same transaction.
        """
        stars = table_of(StarRow)
        try:
            with self._writing() as session:
                if principal == SINGLE_USER:
                    self._ensure_single_user(session)
                session.execute(self._insert(stars).values(user_id=principal.user_id,
                                                           operation_name=name)
                                .on_conflict_do_nothing())
        except IntegrityError:
            raise Conflict(f"cannot star {name!r}: user {principal.user_id!r} does not "
                           "exist") from None

    def unstar(self, user_id: str, name: str) -> None:
        """Remove the star of ``user_id`` on the operation ``name`` (idempotent)."""
        with self._writing() as session:
            session.execute(delete(StarRow).where(StarRow.user_id == user_id,
                                                  StarRow.operation_name == name))

    # -- helpers ----------------------------------------------------------------------------

    def _next_version(self, session: Session, name: str) -> int:
        """1 + the highest version of ``name``; on PostgreSQL the name stays locked until
        the transaction ends, so two drafts of one name never get the same version."""
        if self._dialect == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(_VERSION_LOCK_SPACE,
                                                              func.hashtext(name))))
        highest = session.scalar(select(func.max(OperationRow.version))
                                 .where(OperationRow.name == name))
        return int(highest or 0) + 1

    def _ensure_single_user(self, session: Session) -> None:
        users = table_of(UserRow)
        session.execute(self._insert(users).values(
            id=SINGLE_USER.user_id, username=SINGLE_USER.username, password_hash=None,
            active=True, policies=sorted(p.value for p in ALL_POLICIES), generation=0,
            created_at=utcnow(), settings={},
        ).on_conflict_do_nothing())


def _require_draft(row: OperationRow, action: str) -> None:
    if row.status != OperationStatus.DRAFT.value:
        raise Conflict(f"operation {row.name!r} version {row.version} is {row.status} and "
                       f"cannot be {action}")
