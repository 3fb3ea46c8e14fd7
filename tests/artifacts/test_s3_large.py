"""A 1 GiB output stored on and fetched from a real S3-protocol server, in bounded memory."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from plynx.artifacts import ArtifactStore, hash_file
from tests.artifacts.servers import S3Server

GIB = 1 << 30
#: Far below the size of the blob: transfers hold a few parts of 16 MiB at a time.
MEMORY_LIMIT = 256 << 20


@contextmanager
def peak_rss_growth() -> Iterator[list[int]]:
    """Sample this process's resident memory while the block runs; the result list gets
    the peak growth over the resident memory at the start, in bytes."""
    process = psutil.Process()
    start = process.memory_info().rss
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result: list[int] = []
    try:
        yield result
    finally:
        done.set()
        sampler.join()
        result.append(max(peak, process.memory_info().rss) - start)


def write_output(path: Path, size: int) -> str:
    """Write ``size`` bytes, no two blocks alike, to ``path``; return their digest."""
    block = os.urandom(4 << 20)
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        for i in range(size // len(block)):
            chunk = block[:-8] + i.to_bytes(8, "big")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


@pytest.mark.slow
def test_one_gibibyte_output_round_trip(s3: S3Server, s3_bucket: str, tmp_path: Path) -> None:
    url = f"s3://{s3_bucket}/artifacts"
    # Uploads use the default options (parts in parallel); downloads fetch one stream.
    uploader = ArtifactStore(url, options={"endpoint_url": s3.endpoint})
    downloader = ArtifactStore(url, options=s3.options())
    output = tmp_path / "output.bin"
    digest = write_output(output, GIB)
    dest = tmp_path / "input.bin"

    with peak_rss_growth() as growth:
        started = time.monotonic()
        artifact = uploader.put(output, move=True)  # as the runner stores an output
        stored = time.monotonic()
        downloader.materialize(artifact, dest)  # as the runner prepares an input
        fetched = time.monotonic()

    print(f"\n1 GiB through S3: put {stored - started:.1f} s, materialize "
          f"{fetched - stored:.1f} s, peak memory growth {growth[0] >> 20} MiB")
    assert (artifact.digest, artifact.size) == (digest, GIB)
    assert not output.exists()
    head = s3.client().head_object(Bucket=s3_bucket, Key=f"artifacts/sha256/{digest[:2]}/{digest}")
    assert head["ContentLength"] == GIB
    assert hash_file(dest) == (digest, GIB)
    assert growth[0] < MEMORY_LIMIT
    downloader.delete(digest)
