"""Streaming: safe attachments, log reads cut at character boundaries, files followed."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from plynx.server.streaming import attachment, complete_utf8, follow, read_from


def test_attachments_carry_an_ascii_fallback_and_the_utf8_name() -> None:
    assert attachment("table") == "attachment; filename=\"table\"; filename*=UTF-8''table"
    header = attachment('ré "s".csv')
    assert header.startswith('attachment; filename="r_ _s_.csv"')
    assert header.endswith("filename*=UTF-8''r%C3%A9%20%22s%22.csv")


@pytest.mark.parametrize(("name", "fallback", "encoded"), [
    ("../../x", "x", "x"),
    ("/tmp/x", "x", "x"),
    ("a\x00b", "ab", "ab"),
    ("out\r\nSet-Cookie: a=b", "outSet-Cookie: a=b", "outSet-Cookie%3A%20a%3Db"),
    ('x"; filename="evil.html', "x_; filename=_evil.html",
     "x%22%3B%20filename%3D%22evil.html"),
    ("..", "download", "download"),
    ("r\u202egnp.exe", "rgnp.exe", "rgnp.exe"),
])
def test_attachments_of_crafted_names_hold_one_plain_file_name(name: str, fallback: str,
                                                               encoded: str) -> None:
    header = attachment(name)
    assert header == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    assert header.isprintable() and header.isascii()


@pytest.mark.parametrize(("data", "kept"), [
    (b"abc", b"abc"),
    ("é".encode(), "é".encode()),
    ("a€".encode()[:-1], b"a"),
    ("a€".encode()[:-2], b"a"),
    ("a😀".encode()[:-1], b"a"),
    (b"", b""),
    (b"\x80\x80\x80\x80", b"\x80\x80\x80\x80"),
])
def test_a_character_cut_at_the_end_is_left_for_later(data: bytes, kept: bytes) -> None:
    assert complete_utf8(data) == kept


def test_read_from_an_offset(tmp_path: Path) -> None:
    log = tmp_path / "stdout.log"
    assert read_from(log, 0, 10) == (b"", 0)
    log.write_bytes(b"0123456789")
    assert read_from(log, 2, 3) == (b"234", 10)
    assert read_from(log, 12, 3) == (b"", 10)


def test_follow_sends_new_bytes_until_finished(tmp_path: Path) -> None:
    log = tmp_path / "stdout.log"
    done = False
    received: list[bytes] = []

    async def main() -> None:
        async def write_later() -> None:
            nonlocal done
            await anyio.sleep(0.05)
            log.write_bytes(b"one\n")
            await anyio.sleep(0.1)
            assert received == [b"one\n"]  # sent before the writer went on
            with log.open("ab") as out:
                out.write(b"two\n")
            done = True
            with log.open("ab") as out:
                out.write(b"three\n")  # flushed while finishing: still sent

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(write_later)
            async for chunk in follow(log, 0, lambda: done, poll_seconds=0.01):
                received.append(chunk)

    anyio.run(main)
    assert b"".join(received) == b"one\ntwo\nthree\n"
