"""Artifact store: storing a large output by content vs ``sha256sum`` of the same file.

A file of ``--size-mb`` random bytes is generated next to a fresh PLYNX_HOME (same
filesystem), then, each timed on its own:

- ``sha256sum FILE``: the bare baseline, the least any content-addressed store must do;
- ``ArtifactStore.put(FILE)``: copy into the store's ``tmp/`` while hashing, then rename;
- ``ArtifactStore.put(FILE, move=True)``: rename into the store, hash, rename into place
  (how the task runner stores outputs);
- ``openssl dgst -sha256 FILE``: a second, stronger baseline (OpenSSL uses the CPU's
  SHA extensions where it has them; coreutils' ``sha256sum`` may not);
- Python's ``hashlib`` over the file, for reference (what ``put`` spends on hashing).

Each ``put`` goes to an empty store, so no content is already there. The rates are in MB/s
(10^6 bytes); the target is a ``put`` rate of at least half of ``sha256sum``'s. The files
are page-cached for every reader alike, as an output just written by a task would be.
Every generated file and store is deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

from _common import fresh_dir, header, line, median, target, timed

from plynx.artifacts import ArtifactStore, hash_file

BLOCK = 4 * 1024 * 1024


def generate(path: Path, size: int) -> None:
    """Write ``size`` random bytes to ``path`` (fresh random content every time)."""
    block = os.urandom(BLOCK)
    with open(path, "wb") as out:
        written = 0
        while written < size:
            n = min(BLOCK, size - written)
            # vary each block so the file does not compress or deduplicate to nothing
            out.write(written.to_bytes(8, "little") + block[8:n] if n > 8 else block[:n])
            written += n


def sha256sum(path: Path) -> str:
    result = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True,
                            text=True)
    return result.stdout.split()[0]


def openssl(path: Path) -> str:
    result = subprocess.run(["openssl", "dgst", "-sha256", "-r", str(path)], check=True,
                            capture_output=True, text=True)
    return result.stdout.split()[0]


def measure(size: int) -> dict[str, float]:
    """Seconds taken by each way of hashing or storing one fresh file of ``size`` bytes."""
    seconds: dict[str, float] = {}
    with fresh_dir("plynx-bench-store-") as folder:
        path = folder / "output.bin"
        generate(path, size)
        seconds["sha256sum"], expected = timed(lambda: sha256sum(path))
        if shutil.which("openssl"):
            seconds["openssl"], by_openssl = timed(lambda: openssl(path))
            if by_openssl != expected:
                raise SystemExit(f"openssl and sha256sum disagree: {by_openssl} {expected}")
        seconds["hashlib"], (digest, _) = timed(lambda: hash_file(path))
        copy_store = ArtifactStore(str(folder / "home-copy" / "artifacts"))
        seconds["put"], artifact = timed(lambda: copy_store.put(path))
        shutil.rmtree(folder / "home-copy")
        move_store = ArtifactStore(str(folder / "home-move" / "artifacts"))
        seconds["put_move"], moved = timed(lambda: move_store.put(path, move=True))
        if not expected == digest == artifact.digest == moved.digest:
            raise SystemExit("the digests disagree: "
                             f"{expected} {digest} {artifact.digest} {moved.digest}")
        if path.exists():
            raise SystemExit("put(move=True) copied the file instead of taking it")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024, help="file size in MiB")
    parser.add_argument("--repeats", type=int, default=3, help="files measured")
    parser.add_argument("--target", type=float, default=0.5,
                        help="put rate / sha256sum rate target")
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)

    header("artifact store: put of a large file vs sha256sum", size_bytes=size,
           repeats=args.repeats)
    samples: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for name, value in measure(size).items():
            samples.setdefault(name, []).append(value)

    rates = {name: size / 1e6 / median(values) for name, values in samples.items()}
    for name, label in (("sha256sum", "sha256sum (bare)"), ("openssl", "openssl dgst -sha256"),
                        ("hashlib", "Python hashlib"),
                        ("put", "ArtifactStore.put (copy)"),
                        ("put_move", "ArtifactStore.put (move=True)")):
        if name not in samples:
            continue
        line(f"{label} time", median(samples[name]), "s", samples[name])
        line(f"{label} rate", rates[name], "MB/s")
    if "openssl" in rates:
        line("put (copy) rate / openssl rate", rates["put"] / rates["openssl"], "")
        line("put (move) rate / openssl rate", rates["put_move"] / rates["openssl"], "")
    target("put (copy) rate / sha256sum rate", rates["put"] / rates["sha256sum"], "",
           args.target, at_most=False)
    target("put (move) rate / sha256sum rate", rates["put_move"] / rates["sha256sum"], "",
           args.target, at_most=False)


if __name__ == "__main__":
    main()
