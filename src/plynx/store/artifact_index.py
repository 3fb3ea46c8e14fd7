"""Uploads and the lineage of artifacts: which run and node produced them.

Node outputs are kept as JSON (``{name: {digest, size, directory}}``), so the rows holding a
digest are found with ``LIKE`` on the JSON text and then checked exactly: a digest is hex,
so the pattern needs no escaping, and the check keeps an output *named* like a digest from
matching. The JSON lists of digests embedded in runs and workflows are searched the same
way, quotes included.
"""

from __future__ import annotations

import uuid
from collections.abc import Generator, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, Text, cast, select

from plynx.artifacts.hashing import is_digest
from plynx.model import Artifact, Operation, Status
from plynx.store import convert
from plynx.store.columns import utcnow
from plynx.store.repository import Repository
from plynx.store.tables import (
    ArtifactRow,
    NodeStateRow,
    OperationRow,
    RunRow,
    UploadRow,
    WorkflowRow,
    table_of,
)


class Upload(BaseModel):
    """A file a user uploaded: its artifact and the name it had."""

    id: str
    digest: str
    filename: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class Viewer:
    """Whose objects a reader may see: always their own (``username``); the others'
    uploads, runs or operations only with the matching flag."""

    username: str
    others_uploads: bool = False
    others_runs: bool = False
    others_operations: bool = False

    def author_filter(self, others: bool) -> str | None:
        """The author to restrict a query to; None when every author is visible."""
        return None if others else self.username


@dataclass(frozen=True)
class Producer:
    """A node output that holds an artifact: run, node, output name and node status."""

    run_id: str
    run_author: str
    node_id: str
    parent: str | None
    operation_id: str
    output: str
    artifact: Artifact
    status: Status


class ArtifactIndex(Repository):
    """Uploads and the lineage of artifacts: which run and node produced them."""

    # uploads

    def record_upload(self, artifact: Artifact, filename: str, author: str) -> Upload:
        """Remember that ``author`` uploaded ``artifact`` as ``filename`` (and the artifact)."""
        upload = Upload(id=uuid.uuid4().hex, digest=artifact.digest, filename=filename,
                        author=author, created_at=utcnow())
        known = self._insert(table_of(ArtifactRow)).on_conflict_do_nothing(
            index_elements=["digest"])
        with self._writing() as session:
            session.execute(known, [artifact.model_dump()])
            session.add(UploadRow(**upload.model_dump()))
        return upload

    def uploads(self, digest: str, author: str | None = None) -> list[Upload]:
        """Uploads of ``digest``, newest first; only those of ``author`` unless None."""
        if not is_digest(digest):
            return []
        query = (select(UploadRow).where(UploadRow.digest == digest)
                 .order_by(UploadRow.created_at.desc(), UploadRow.id))
        if author is not None:
            query = query.where(UploadRow.author == author)
        with self._reading() as session:
            return [Upload(id=r.id, digest=r.digest, filename=r.filename, author=r.author,
                           created_at=r.created_at) for r in session.scalars(query)]

    def known_artifact(self, digest: str) -> Artifact | None:
        """The recorded size and form of ``digest``, or None when it was never recorded."""
        if not is_digest(digest):
            return None
        with self._reading() as session:
            row = session.get(ArtifactRow, digest)
            if row is None:
                return None
            return Artifact(digest=row.digest, size=row.size, directory=row.directory)

    # lineage

    def producers(self, digest: str, run_author: str | None = None,
                  limit: int | None = None) -> list[Producer]:
        """Node outputs holding ``digest``, newest run first, at most ``limit``; only in
        runs of ``run_author`` unless None."""
        found: list[Producer] = []
        if limit is not None and limit <= 0:
            return found
        with closing(self._producers(digest, run_author)) as producers:
            for producer in producers:
                found.append(producer)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def _producers(self, digest: str,
                   run_author: str | None) -> Generator[Producer, None, None]:
        if not is_digest(digest):
            return
        nodes, runs = table_of(NodeStateRow), table_of(RunRow)
        query = (select(nodes.c.run_id, runs.c.author, nodes.c.node_id, nodes.c.parent,
                        nodes.c.operation, nodes.c.outputs, nodes.c.status)
                 .join(runs, runs.c.id == nodes.c.run_id)
                 .where(_contains(nodes.c.outputs, digest))
                 .order_by(runs.c.created_at.desc(), runs.c.id, nodes.c.node_id))
        if run_author is not None:
            query = query.where(runs.c.author == run_author)
        with self._reading() as session, closing(
                session.execute(query.execution_options(yield_per=200))) as rows:
            for row in rows:
                for name, artifact in _outputs_holding(row.outputs, digest):
                    yield Producer(run_id=row.run_id, run_author=row.author,
                                   node_id=row.node_id, parent=row.parent,
                                   operation_id=row.operation, output=name, artifact=artifact,
                                   status=Status(row.status))

    def operations(self, digest: str, author: str | None = None) -> list[Operation]:
        """Stored operations whose artifact is ``digest``, newest first; only those of
        ``author`` unless None."""
        if not is_digest(digest):
            return []
        query = (select(OperationRow).where(OperationRow.artifact == digest)
                 .order_by(OperationRow.created_at.desc(), OperationRow.id))
        if author is not None:
            query = query.where(OperationRow.author == author)
        with self._reading() as session:
            return [convert.operation_from_row(row) for row in session.scalars(query)]

    # visibility

    def is_visible(self, digest: str, viewer: Viewer) -> bool:
        """Whether ``viewer`` may read ``digest``: they uploaded it, or it is the output of
        a run they see, or the artifact of an operation they see (stored, or embedded in a
        workflow or run they see)."""
        if not is_digest(digest):
            return False
        if self.uploads(digest, viewer.author_filter(viewer.others_uploads)):
            return True
        run_author = viewer.author_filter(viewer.others_runs)
        with closing(self._producers(digest, run_author)) as producers:
            if next(producers, None) is not None:
                return True
        operation_author = viewer.author_filter(viewer.others_operations)
        checks = [_author_is(select(OperationRow.id).where(OperationRow.artifact == digest),
                             OperationRow.author, operation_author),
                  _author_is(select(WorkflowRow.id).where(_lists(WorkflowRow.digests, digest)),
                             WorkflowRow.author, run_author),
                  _author_is(select(RunRow.id).where(_lists(RunRow.digests, digest)),
                             RunRow.author, run_author)]
        with self._reading() as session:
            return any(session.execute(check.limit(1)).first() is not None for check in checks)


def _contains(column: Any, digest: str) -> ColumnElement[bool]:
    """The JSON ``column`` mentions ``digest`` somewhere (to be checked exactly after)."""
    return cast(column, Text).like(f"%{digest}%")


def _lists(column: Any, digest: str) -> ColumnElement[bool]:
    """The JSON list of digests in ``column`` holds ``digest`` (every item is a digest,
    so a quoted match is exact)."""
    return cast(column, Text).like(f'%"{digest}"%')


def _author_is(query: Select[Any], column: Any, author: str | None) -> Select[Any]:
    return query if author is None else query.where(column == author)


def _outputs_holding(outputs: Mapping[str, Any] | None,
                     digest: str) -> Iterator[tuple[str, Artifact]]:
    """The outputs in a stored ``outputs`` column whose artifact is ``digest``."""
    for name, value in sorted((outputs or {}).items()):
        if isinstance(value, Mapping) and value.get("digest") == digest:
            yield name, Artifact.model_validate(value)
