"""Object stores (S3, GCS, Azure…) under an artifact store: opening them, moving blobs in
bounded memory, and errors that name the store instead of a client library's traceback.

Credentials are never PLynx's business here: the client library finds them where it
always does (environment variables, ``~/.aws``, instance or workload roles…) unless the
storage options give them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping
from typing import Any

import fsspec

from plynx.errors import ArtifactError, PlynxError

#: Protocols whose root starts with a bucket (or container) that must exist beforehand.
BUCKET_PROTOCOLS = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss"})
#: Protocols whose uploads become visible only once complete (an S3 PUT, the completion
#: of a multipart or resumable upload): a blob can go straight to its final address.
ATOMIC_UPLOAD_PROTOCOLS = BUCKET_PROTOCOLS | {"memory"}
_S3 = frozenset({"s3", "s3a"})
_GCS = frozenset({"gs", "gcs"})
#: The PLynx extra that installs the filesystem of a protocol.
_EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs"}

#: Bytes per request when a blob moves in parts: memory held by one transfer is this times
#: the requests it keeps in flight.
PART_SIZE = 16 * 1024 * 1024
#: Most parts S3 accepts in one multipart upload.
S3_MAX_PARTS = 10_000
#: Requests one S3 transfer keeps in flight unless the options say ``max_concurrency``
#: (s3fs's own default, 10 parts of 50 MiB, holds 500 MiB per transfer).
S3_CONCURRENCY = 4

_NO_CREDENTIALS = {"NoCredentialsError", "PartialCredentialsError", "CredentialRetrievalError",
                   "DefaultCredentialsError", "RefreshError"}
_UNREACHABLE = {"EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError",
                "ClientConnectorError", "ServerDisconnectedError", "ConnectionError",
                "TimeoutError"}


def open_filesystem(url: str, options: Mapping[str, Any]) -> tuple[fsspec.AbstractFileSystem,
                                                                    str]:
    """The fsspec filesystem of ``url`` opened with ``options``, and the path of its root.

    An object store does not cache listings (other processes write and delete blobs), and
    an S3 one keeps :data:`S3_CONCURRENCY` requests in flight; ``options`` override both.
    """
    protocol = url.partition("://")[0] if "::" not in url else ""
    defaults: dict[str, Any] = {}
    if protocol in BUCKET_PROTOCOLS:
        defaults["use_listings_cache"] = False
    if protocol in _S3:
        defaults["max_concurrency"] = S3_CONCURRENCY
    try:
        fs, root = fsspec.core.url_to_fs(url, **{**defaults, **options})
    except ImportError as exc:
        extra = _EXTRAS.get(protocol)
        hint = f" (pip install 'plynx[{extra}]')" if extra else ""
        raise ArtifactError(f"cannot open the artifact store {url!r}: {exc}{hint}") from None
    except (ValueError, TypeError) as exc:
        raise ArtifactError(f"cannot open the artifact store {url!r}: {exc}") from exc
    return fs, root


def protocols(fs: fsspec.AbstractFileSystem) -> frozenset[str]:
    """Every protocol name of ``fs``."""
    return frozenset({fs.protocol} if isinstance(fs.protocol, str) else fs.protocol)


def check_bucket(fs: fsspec.AbstractFileSystem, root: str, url: str) -> None:
    """Raise a clear ArtifactError unless the bucket of ``root`` exists and can be reached
    with the credentials at hand. Buckets are never created: a misspelt name must fail."""
    bucket = root.split("/", 1)[0]
    with translated(f"cannot open the artifact store {url}"):
        try:
            fs.info(bucket)
        except FileNotFoundError:
            raise ArtifactError(f"cannot open the artifact store {url}: the bucket {bucket!r} "
                                "does not exist (create it first)") from None


def upload_options(kinds: frozenset[str], size: int) -> dict[str, Any]:
    """Keyword arguments of ``put_file`` sending ``size`` bytes in parts of bounded size."""
    if kinds & _S3:
        return {"chunksize": max(PART_SIZE, math.ceil(size / S3_MAX_PARTS))}
    if kinds & _GCS:
        return {"chunksize": PART_SIZE}
    return {}


def download_options(kinds: frozenset[str]) -> dict[str, Any]:
    """Keyword arguments of ``get_file`` fetching in parts of bounded size."""
    return {"chunksize": PART_SIZE} if kinds & _S3 else {}


def read_options(kinds: frozenset[str]) -> dict[str, Any]:
    """Keyword arguments of ``open(…, "rb")``: read ahead one part at a time (object
    stores otherwise buffer 50 MiB blocks, even to read the head of a file)."""
    if kinds & BUCKET_PROTOCOLS:
        return {"block_size": PART_SIZE, "cache_type": "readahead"}
    return {}


@contextlib.contextmanager
def translated(action: str, *, missing: bool = True) -> Iterator[None]:
    """Turn the errors of a storage client into ``ArtifactError("<action>: <why>")``.

    FileNotFoundError passes through when ``missing`` (the caller knows what is missing);
    PLynx's own errors always do.
    """
    try:
        yield
    except PlynxError:
        raise
    except FileNotFoundError:
        if missing:
            raise
        raise ArtifactError(f"{action}: not found (was the bucket deleted?)") from None
    except Exception as exc:
        raise ArtifactError(f"{action}: {explain(exc)}") from exc


def explain(exc: BaseException) -> str:
    """Why a storage request failed, in words an administrator can act on."""
    detail = str(exc).strip() or type(exc).__name__
    names = {cls.__name__ for cls in type(exc).__mro__}
    if isinstance(exc, PermissionError):
        return f"access denied ({detail}): check the credentials and the bucket's permissions"
    if names & _NO_CREDENTIALS:
        return (f"no usable credentials ({detail}): set them in the environment, in ~/.aws "
                "or ~/.config/gcloud, or give the machine a role")
    if names & _UNREACHABLE:
        return f"cannot reach the storage service ({detail})"
    return detail
