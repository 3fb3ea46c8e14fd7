"""The content-addressed artifact store, over fsspec.

Layout under the store's root::

    sha256/ab/ab12…ef     one blob per digest (the SHA-256 of its bytes), read-only
    tmp/                  blobs being written; never read as artifacts

A blob never appears at its final address before it is complete. In a local store
(a plain path or ``file://``) a blob is written, or taken by rename, into ``tmp/`` and
hashed in the same pass, then renamed into place atomically. Other filesystems receive a
local file already hashed: object stores (S3, GCS, Azure, memory) make an upload visible
only once it is complete (a PUT, or the completion of a multipart upload, which is
aborted on failure), so it goes straight to its address; any other filesystem receives it
under ``tmp/`` and then moves it into place. Identical content is stored once; two
writers of the same content at the same time both succeed, leaving one blob.

Transfers to and from object stores stream in parts of bounded size
(:mod:`plynx.artifacts.remote`): memory use does not grow with the size of a blob.

Materialising a file always gives the caller a private copy (copy-on-write where the
filesystem supports it): a hard link would share the inode with the stored blob, so a
``chmod`` (executable inputs) or a write through the caller's path would alter it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO

import fsspec
from fsspec.implementations.local import LocalFileSystem

from plynx.artifacts import remote
from plynx.artifacts.archive import extract_archive, pack_directory
from plynx.artifacts.hashing import (
    HashingWriter,
    check_digest,
    copy_and_hash,
    hash_bytes,
    is_digest,
)
from plynx.artifacts.localfiles import copy_file, fsync_folder, temporary_file
from plynx.errors import ArtifactError, NotFound
from plynx.model import Artifact

BLOB_MODE = 0o444
#: A remote blob stored longer ago than this is uploaded again instead of being reused,
#: which renews its time; well below the grace period of garbage collection.
REMOTE_REUSE_SECONDS = 5 * 60
_BLOBS = "sha256"
_TMP = "tmp"


class ArtifactStore:
    """A content-addressed store of files and directories at ``url``.

    ``url`` is a local path or any fsspec URL (``file://``, ``memory://``, ``s3://``…);
    ``options`` are given to its fsspec filesystem (``endpoint_url``, ``profile``…; a
    plain path takes none). The bucket of an object store must exist and be reachable:
    the store checks it when opened. With ``fsync``, local blobs reach the disk before
    they are renamed into place, so they survive a power loss too (slower for large files).
    """

    def __init__(self, url: str, *, options: Mapping[str, Any] | None = None,
                 fsync: bool = False) -> None:
        self.url = url
        self.options: dict[str, Any] = dict(options or {})
        self.fsync = fsync
        if "://" in url or "::" in url:
            fs, root = remote.open_filesystem(url, self.options)
        else:
            fs, root = LocalFileSystem(), os.path.abspath(os.path.expanduser(url))
        self.fs: fsspec.AbstractFileSystem = fs
        self.local = isinstance(fs, LocalFileSystem)
        self.root = root.rstrip("/") or "/"
        self._protocols = remote.protocols(fs)
        self._atomic_upload = bool(self._protocols & remote.ATOMIC_UPLOAD_PROTOCOLS)
        try:
            if self.local:
                os.makedirs(self._local(_BLOBS), exist_ok=True)
                os.makedirs(self._local(_TMP), exist_ok=True)
            elif self._protocols & remote.BUCKET_PROTOCOLS:
                remote.check_bucket(fs, self.root, url)
            else:
                fs.makedirs(self._key(_BLOBS), exist_ok=True)
        except OSError as exc:
            raise ArtifactError(f"cannot open the artifact store {url!r}: {exc}") from exc

    def __repr__(self) -> str:
        return f"ArtifactStore({self.url!r})"

    # ------------------------------------------------------------------ addresses

    def _key(self, *parts: str) -> str:
        return "/".join((self.root.rstrip("/"), *parts))

    def _local(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def _blob(self, digest: str) -> str:
        parts = (_BLOBS, digest[:2], digest)
        return self._local(*parts) if self.local else self._key(*parts)

    # ------------------------------------------------------------------ writing

    def put(self, path: Path, *, move: bool = False) -> Artifact:
        """Store the file or directory at ``path`` (a directory as one archive).

        With ``move`` the store may take a file by renaming it instead of copying it,
        after which ``path`` is gone; it still copies when renaming is impossible
        (another filesystem, or the file has other hard links). Directories are
        always archived, and left in place.
        """
        path = Path(path)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise ArtifactError(f"cannot store {path}: no such file or directory") from None
        except OSError as exc:
            raise ArtifactError(f"cannot store {path}: {exc.strerror or exc}") from exc
        if not stat.S_ISDIR(info.st_mode) and not stat.S_ISREG(info.st_mode):
            raise ArtifactError(f"cannot store {path}: not a regular file or a directory")
        try:
            if stat.S_ISDIR(info.st_mode):
                return self._put_directory(path)
            if move and (taken := self._take(path)) is not None:
                return self._put_taken(taken, path)
            with open(path, "rb", buffering=0) as source:
                return self._put_stream(source)
        except OSError as exc:
            raise ArtifactError(f"cannot store {path}: {exc.strerror or exc}") from exc

    def put_bytes(self, data: bytes) -> Artifact:
        """Store ``data``."""
        digest = hash_bytes(data)
        artifact = Artifact(digest=digest, size=len(data))
        if self._present(digest, len(data)):
            return artifact
        if not self.local:
            self._upload(digest, lambda key: self.fs.pipe_file(key, data))
            return artifact
        try:
            with self._local_temp() as (out, temp):
                out.write(data)
                self._seal(out)
                self._place_local(temp, digest)
        except OSError as exc:
            raise ArtifactError(f"cannot store {len(data)} bytes: {exc.strerror or exc}") from exc
        return artifact

    def put_stream(self, stream: IO[bytes]) -> Artifact:
        """Store everything read from the binary stream ``stream``.

        If reading fails, nothing is stored and no temporary file remains.
        """
        try:
            return self._put_stream(stream)
        except OSError as exc:
            raise ArtifactError(f"cannot store the stream: {exc.strerror or exc}") from exc

    def _put_stream(self, stream: IO[bytes]) -> Artifact:
        if self.local:
            with self._local_temp() as (out, temp):
                digest, size = copy_and_hash(stream, out)
                self._seal(out)
                self._place_local(temp, digest)
            return Artifact(digest=digest, size=size)
        with temporary_file() as (out, temp):
            digest, size = copy_and_hash(stream, out)
            out.close()
            self._upload_file(temp, digest, size)
        return Artifact(digest=digest, size=size)

    def _put_directory(self, path: Path) -> Artifact:
        temp_context = self._local_temp() if self.local else temporary_file()
        with temp_context as (out, temp):
            writer = HashingWriter(out)
            pack_directory(path, writer)  # type: ignore[arg-type]
            digest, size = writer.hexdigest(), writer.size
            if self.local:
                self._seal(out)
                self._place_local(temp, digest)
            else:
                out.close()
                self._upload_file(temp, digest, size)
        return Artifact(digest=digest, size=size, directory=True)

    def _take(self, path: Path) -> str | None:
        """Rename the file at ``path`` to a private temporary name; None if impossible."""
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return None  # a link, or another name could still change the content
        folder = self._local(_TMP) if self.local else str(path.parent)
        temp = os.path.join(folder, f".take-{uuid.uuid4().hex}")
        try:
            os.rename(path, temp)
        except OSError:
            return None
        return temp

    def _put_taken(self, temp: str, origin: Path) -> Artifact:
        """Store the file ``origin``, already renamed to ``temp`` (the store owns it now)."""
        try:
            with open(temp, "rb", buffering=0) as source:
                digest, size = copy_and_hash(source, None)
                if self.local and self.fsync:
                    os.fsync(source.fileno())
            if self.local:
                self._place_local(temp, digest)
            else:
                self._upload_file(temp, digest, size)
        except OSError as exc:
            raise ArtifactError(f"cannot store {origin}: {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        return Artifact(digest=digest, size=size)

    def _local_temp(self) -> contextlib.AbstractContextManager[tuple[BinaryIO, str]]:
        """A new file in the store's ``tmp/`` folder, removed unless renamed into place."""
        return temporary_file(self._local(_TMP), prefix=".put-")

    def _seal(self, out: BinaryIO) -> None:
        out.flush()
        if self.fsync:
            os.fsync(out.fileno())

    def _place_local(self, temp: str, digest: str) -> None:
        """Rename the complete file ``temp`` to the address of ``digest``, atomically."""
        final = self._blob(digest)
        size = os.stat(temp).st_size
        if self._present(digest, size):
            return
        folder = os.path.dirname(final)
        os.makedirs(folder, exist_ok=True)
        os.chmod(temp, BLOB_MODE)
        os.replace(temp, final)
        if self.fsync:
            fsync_folder(folder)

    def _upload_file(self, local_path: str, digest: str, size: int) -> None:
        if self._present(digest, size):
            return
        options = remote.upload_options(self._protocols, size)
        self._upload(digest, lambda key: self.fs.put_file(local_path, key, **options))

    def _upload(self, digest: str, send: Callable[[str], object]) -> None:
        """Make the blob of ``digest`` appear whole: ``send(key)`` writes it to ``key``."""
        final = self._blob(digest)
        with remote.translated(f"cannot write artifact {digest} to {self.url}", missing=False):
            if self._atomic_upload:
                send(final)
                return
            temp = self._key(_TMP, f"{digest}.{uuid.uuid4().hex}")
            self.fs.makedirs(self._key(_TMP), exist_ok=True)
            self.fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
            try:
                send(temp)
                self.fs.mv(temp, final)
            finally:
                with contextlib.suppress(OSError):
                    if self.fs.exists(temp):
                        self.fs.rm_file(temp)

    def _present(self, digest: str, size: int) -> bool:
        """Whether the blob of ``digest`` is stored whole (its size is right).

        Garbage collection spares recently written blobs, so storing a blob again must
        renew its time: a local blob found whole is touched; a remote one stored more than
        :data:`REMOTE_REUSE_SECONDS` ago counts as absent, to be uploaded again.
        """
        try:
            if self.local:
                blob = self._blob(digest)
                whole = os.stat(blob).st_size == size
                if whole:
                    os.utime(blob)
                return whole
            with remote.translated(f"cannot look up artifact {digest} in {self.url}"):
                if int(self.fs.size(self._blob(digest))) != size:
                    return False
            stored = self.modified(digest)  # 0.0 when the filesystem keeps no times
            return not stored or time.time() - stored < REMOTE_REUSE_SECONDS
        except FileNotFoundError:
            return False

    # ------------------------------------------------------------------ reading

    def exists(self, digest: str) -> bool:
        """Whether an artifact with this digest is stored."""
        if not is_digest(digest):
            return False
        if self.local:
            return os.path.isfile(self._blob(digest))
        with remote.translated(f"cannot look up artifact {digest} in {self.url}"):
            return bool(self.fs.exists(self._blob(digest)))

    def open(self, digest: str) -> BinaryIO:
        """The stored bytes of ``digest`` (the archive, for a directory), for reading."""
        check_digest(digest)
        try:
            if self.local:
                return open(self._blob(digest), "rb")  # noqa: SIM115 - the caller closes it
            with remote.translated(f"cannot read artifact {digest} from {self.url}"):
                return self.fs.open(self._blob(digest), "rb",
                                    **remote.read_options(self._protocols))
        except FileNotFoundError:
            raise self._missing(digest) from None
        except OSError as exc:
            raise ArtifactError(f"cannot read artifact {digest}: {exc}") from exc

    def local_path(self, digest: str) -> Path | None:
        """The path of the stored blob in a local store (None otherwise), to read in place.

        The blob must never be modified through it; it is read-only for that reason.
        """
        check_digest(digest)
        if not self.local:
            return None
        path = Path(self._blob(digest))
        if not path.is_file():
            raise self._missing(digest)
        return path

    def size(self, digest: str) -> int:
        """The size in bytes of the stored blob of ``digest``."""
        check_digest(digest)
        try:
            if self.local:
                return os.stat(self._blob(digest)).st_size
            with remote.translated(f"cannot look up artifact {digest} in {self.url}"):
                return int(self.fs.size(self._blob(digest)))
        except FileNotFoundError:
            raise self._missing(digest) from None

    def modified(self, digest: str) -> float:
        """When the blob of ``digest`` was last stored, in seconds since the epoch."""
        check_digest(digest)
        try:
            if self.local:
                return os.stat(self._blob(digest)).st_mtime
            with remote.translated(f"cannot look up artifact {digest} in {self.url}"):
                return float(self.fs.modified(self._blob(digest)).timestamp())
        except FileNotFoundError:
            raise self._missing(digest) from None
        except (NotImplementedError, AttributeError):
            return 0.0  # the filesystem keeps no times: no grace period

    def digests(self) -> Iterator[str]:
        """Every stored digest (temporary files are never listed)."""
        if self.local:
            top = self._local(_BLOBS)
            with os.scandir(top) as folders:
                prefixes = sorted(e.name for e in folders if e.is_dir() and len(e.name) == 2)
            for prefix in prefixes:
                with os.scandir(os.path.join(top, prefix)) as entries:
                    names = sorted(e.name for e in entries if e.is_file())
                yield from (n for n in names if is_digest(n) and n.startswith(prefix))
            return
        with remote.translated(f"cannot list the artifact store {self.url}"):
            keys = sorted(self.fs.find(self._key(_BLOBS)))
        for key in keys:
            name = key.rsplit("/", 1)[-1]
            if is_digest(name) and key.endswith(f"/{name[:2]}/{name}"):
                yield name

    def delete(self, digest: str, *, missing_ok: bool = False) -> None:
        """Remove the blob of ``digest``; NotFound if absent, unless ``missing_ok``."""
        check_digest(digest)
        try:
            if self.local:
                os.unlink(self._blob(digest))
            else:
                with remote.translated(f"cannot delete artifact {digest} from {self.url}"):
                    blob = self._blob(digest)
                    if not missing_ok and not self.fs.exists(blob):
                        raise FileNotFoundError(blob)  # object stores delete nothing quietly
                    self.fs.rm_file(blob)
        except FileNotFoundError:
            if not missing_ok:
                raise self._missing(digest) from None

    def remove_stale_temporary(self, older_than: float = 24 * 3600) -> int:
        """Remove temporary files left by writers that died ``older_than`` seconds ago or
        more; return how many were removed (local stores keep them in ``tmp/``)."""
        if not self.local:
            return 0
        removed = 0
        limit = time.time() - older_than
        with os.scandir(self._local(_TMP)) as entries:
            for entry in entries:
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat(follow_symlinks=False).st_mtime <= limit:
                        os.unlink(entry.path)
                        removed += 1
        return removed

    def _missing(self, digest: str) -> NotFound:
        return NotFound(f"artifact {digest} is not in the artifact store {self.url}")

    # ------------------------------------------------------------------ materialising

    def materialize(self, artifact: Artifact, dest: Path) -> None:
        """Recreate ``artifact`` at ``dest``, whose parent folder exists.

        A file becomes a private, writable copy at ``dest`` (replacing a file there);
        a directory is extracted into ``dest``, which must not exist or be empty.
        """
        dest = Path(dest)
        actual = self.size(artifact.digest)
        if actual != artifact.size:
            raise ArtifactError(
                f"artifact {artifact.digest} is damaged: {actual} bytes stored, "
                f"{artifact.size} expected"
            )
        if artifact.directory:
            with self.open(artifact.digest) as archive:
                extract_archive(archive, dest)
        elif self.local:
            self._copy(artifact, dest)
        else:
            self._fetch(artifact, dest)

    def _copy(self, artifact: Artifact, dest: Path) -> None:
        """Copy the local blob of ``artifact`` to a new file at ``dest``."""
        try:
            if os.path.lexists(dest) and not dest.is_dir():
                dest.unlink()  # replace it: never write through an existing name or link
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise ArtifactError(f"cannot write {dest}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as out, self.open(artifact.digest) as source:
                copied = copy_file(source, out, in_kernel=True)
            self._check_copied(artifact, copied)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(dest)
            if isinstance(exc, OSError):
                raise ArtifactError(f"cannot write {dest}: {exc.strerror or exc}") from exc
            raise

    def _fetch(self, artifact: Artifact, dest: Path) -> None:
        """Download the blob of ``artifact`` as a stream into a new file beside ``dest``,
        then rename it to ``dest``: a failed download leaves nothing behind."""
        digest = artifact.digest
        try:
            with temporary_file(str(dest.parent), prefix=".plynx-fetch-") as (out, temp):
                out.close()
                try:
                    with remote.translated(f"cannot read artifact {digest} from {self.url}"):
                        self.fs.get_file(self._blob(digest), temp,
                                         **remote.download_options(self._protocols))
                except FileNotFoundError:
                    raise self._missing(digest) from None
                self._check_copied(artifact, os.stat(temp).st_size)
                os.chmod(temp, 0o644)
                os.replace(temp, dest)
        except OSError as exc:
            raise ArtifactError(f"cannot write {dest}: {exc.strerror or exc}") from exc

    @staticmethod
    def _check_copied(artifact: Artifact, copied: int) -> None:
        if copied != artifact.size:
            raise ArtifactError(
                f"artifact {artifact.digest}: {copied} bytes read, {artifact.size} expected")


_OPEN: dict[tuple[str, str, bool], ArtifactStore] = {}
_OPTIONS: dict[str, Mapping[str, Any]] = {}
_OPENING = threading.Lock()


def open_store(url: str, options: Mapping[str, Any] | None = None, *,
               fsync: bool = False) -> ArtifactStore:
    """The artifact store at ``url`` with these storage ``options``, opened once per process.

    Without ``options``, the store gets the options this process last opened ``url`` with,
    if any: a task names only the URL of its store, and the runner executing it in the
    engine's process must reach the store the same way (endpoint, credentials) as the
    engine. A process that never opened it (a worker on another machine) opens it with
    none, so its client library finds the endpoint and credentials in its environment.
    """
    with _OPENING:
        if options is None:
            options = _OPTIONS.get(url, {})
        else:
            _OPTIONS[url] = options = dict(options)
        key = (url, json.dumps(options, sort_keys=True, default=repr), fsync)
        store = _OPEN.get(key)
        if store is None:
            store = _OPEN[key] = ArtifactStore(url, options=options, fsync=fsync)
        return store
