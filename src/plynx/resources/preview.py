"""Previews of stored artifacts."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from plynx.artifacts import ArtifactStore
from plynx.artifacts.hashing import CHUNK_SIZE
from plynx.errors import PlynxError
from plynx.model import Artifact
from plynx.plugins import Registry, get_registry
from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.files import DirectoryType, FileType

logger = logging.getLogger(__name__)


def preview_artifact(
    store: ArtifactStore,
    artifact: Artifact,
    type_name: str,
    limits: PreviewLimits | None = None,
    registry: Registry | None = None,
) -> Preview:
    """A bounded, safe preview of ``artifact`` as its resource type ``type_name`` shows it.

    A file in a local store is read in place; from other stores only the first bytes the
    type needs are fetched (``ResourceType.preview_head``). A directory is listed from
    its archive when its type can (``preview_archive``), else extracted into a temporary
    folder. An unknown type, or one that does not fit the artifact, falls back to
    ``file`` or ``directory``; a type whose preview fails unexpectedly shows the artifact as
    binary. Errors of the store (NotFound, ArtifactError) are raised.
    """
    limits = limits or PreviewLimits()
    resource_type = _resolve(type_name, artifact, registry)
    preview, cut = _preview(store, artifact, resource_type, limits)
    preview.size = artifact.size
    preview.truncated = preview.truncated or cut
    return preview


def _preview(
    store: ArtifactStore, artifact: Artifact, resource_type: ResourceType, limits: PreviewLimits
) -> tuple[Preview, bool]:
    """The type's preview, and whether only a head of the file was shown to it."""
    if artifact.directory:
        from_archive: Any = getattr(resource_type, "preview_archive", None)
        if from_archive is not None:
            with store.open(artifact.digest) as archive:
                return _safely(resource_type, from_archive, archive, limits), False
        with tempfile.TemporaryDirectory(prefix="plynx-preview-") as folder:
            path = Path(folder) / "artifact"
            store.materialize(artifact, path)
            return _safely(resource_type, resource_type.preview, path, limits), False
    local = store.local_path(artifact.digest)
    if local is not None:
        return _safely(resource_type, resource_type.preview, local, limits), False
    head = resource_type.preview_head(limits)
    with tempfile.TemporaryDirectory(prefix="plynx-preview-") as folder:
        path = Path(folder) / "artifact"
        if head is None or head >= artifact.size:
            store.materialize(artifact, path)
            return _safely(resource_type, resource_type.preview, path, limits), False
        with store.open(artifact.digest) as source, open(path, "wb") as out:
            remaining = head
            while remaining > 0 and (chunk := source.read(min(remaining, CHUNK_SIZE))):
                out.write(chunk)
                remaining -= len(chunk)
        return _safely(resource_type, resource_type.preview, path, limits), True


def _safely(resource_type: ResourceType, make: Any, source: Any, limits: PreviewLimits) -> Preview:
    """``make(source, limits)``; a type failing unexpectedly (a bug in a plugin) gives a
    binary preview instead of breaking the page that shows it."""
    try:
        return make(source, limits)
    except PlynxError:
        raise
    except Exception as exc:
        logger.warning("the %s preview failed: %s", resource_type.name, exc, exc_info=True)
        return Preview(type="binary", media_type=resource_type.media_type)


def _resolve(type_name: str, artifact: Artifact, registry: Registry | None) -> ResourceType:
    known = (registry or get_registry()).resource_types.get(type_name)
    if known is not None and bool(known.directory) == artifact.directory:
        return known
    return DirectoryType() if artifact.directory else FileType()
