"""The names a server answers to, the origins of its own pages, and the allowed_hosts
setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.config import Settings, load_settings
from plynx.errors import ConfigError
from plynx.server.hosts import (
    AllowedHosts,
    Authority,
    Origin,
    host_pattern,
    is_loopback_host,
    parse_authority,
    parse_origin,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("localhost", Authority("localhost")),
    ("LocalHost:5005", Authority("localhost", 5005)),
    ("127.0.0.1:80", Authority("127.0.0.1", 80)),
    ("[::1]:5005", Authority("::1", 5005)),
    ("[::1]", Authority("::1")),
    ("plynx.example.com.", Authority("plynx.example.com")),
    ("", None), ("::1", None), ("[::1", None), ("[evil]:80", None), ("a b", None),
    ("host:", None), ("host:0", None), ("host:70000", None), ("host:8O", None),
    ("user@host", None),
])
def test_host_headers_are_read_strictly(text: str, expected: Authority | None) -> None:
    assert parse_authority(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("http://127.0.0.1:5005", Origin("http", "127.0.0.1", 5005)),
    ("https://Plynx.Example.com", Origin("https", "plynx.example.com", 443)),
    ("http://[::1]/runs/x?y=1", Origin("http", "::1", 80)),
    ("http://user:pw@localhost:8000/page", Origin("http", "localhost", 8000)),
    ("null", None), ("file:///home/me/page.html", None), ("ftp://host", None),
    ("http://", None), ("http://[::1", None),
])
def test_origins_and_referers_are_read_strictly(text: str, expected: Origin | None) -> None:
    assert parse_origin(text) == expected


def test_an_origin_prints_as_browsers_send_it() -> None:
    assert str(Origin("http", "localhost", 80)) == "http://localhost"
    assert str(Origin("http", "::1", 5005)) == "http://[::1]:5005"


@pytest.mark.parametrize("host", ["localhost", "ui.localhost", "127.0.0.1", "127.8.9.1", "::1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["localhost.evil.example", "127.0.0.1.evil.example",
                                  "0.0.0.0", "10.0.0.1", "evil-localhost"])
def test_hosts_that_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


def test_the_listen_address_is_a_name_unless_it_is_a_wildcard() -> None:
    assert AllowedHosts(Settings(host="10.1.2.3")).allows("10.1.2.3")
    assert AllowedHosts(Settings(host="::2")).allows("::2")
    for wildcard in ("0.0.0.0", "::"):
        assert not AllowedHosts(Settings(host=wildcard)).allows(wildcard)


def test_a_page_is_the_servers_own_by_origin_or_by_the_setting() -> None:
    hosts = AllowedHosts(Settings(allowed_hosts=["plynx.example.com"]))
    server = Authority("127.0.0.1", 5005)
    assert hosts.own_page(Origin("http", "127.0.0.1", 5005), server)
    assert not hosts.own_page(Origin("http", "127.0.0.1", 8000), server)
    assert not hosts.own_page(Origin("http", "localhost", 5005), server)
    assert hosts.own_page(Origin("https", "plynx.example.com", 443), server)
    assert hosts.own_page(Origin("https", "example.com", 443), Authority("example.com"))
    assert not hosts.own_page(Origin("https", "example.com", 443), Authority("example.com", 80))


def test_hosts_are_enforced_in_single_user_mode_or_when_listed() -> None:
    secret = "s" * 32
    assert AllowedHosts(Settings()).enforced
    assert not AllowedHosts(Settings(secret=secret)).enforced
    assert AllowedHosts(Settings(secret=secret, allowed_hosts=["plynx.example.com"])).enforced


@pytest.mark.parametrize(("entry", "pattern"), [
    ("Plynx.Example.com", "plynx.example.com"), ("*.corp.example", "*.corp.example"),
    (" 10.0.0.5 ", "10.0.0.5"), ("[2001:db8::1]", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"),
    ("example.com.", "example.com"),
])
def test_allowed_hosts_entries_are_normalised(entry: str, pattern: str) -> None:
    assert host_pattern(entry) == pattern


@pytest.mark.parametrize(("entry", "message"), [
    ("https://plynx.example.com", "without scheme, port or path"),
    ("plynx.example.com:8080", "without scheme, port or path"),
    ("plynx.example.com/ui", "without scheme, port or path"),
    ("*", "would accept any name"), ("*.*.example", "not a host name"), ("", "not a host name"),
])
def test_bad_allowed_hosts_entries_are_refused(entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("*", r"\*")):
        host_pattern(entry)


def test_allowed_hosts_come_comma_separated_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLYNX_HOME", str(tmp_path))
    monkeypatch.delenv("PLYNX_CONFIG", raising=False)
    monkeypatch.setenv("PLYNX_ALLOWED_HOSTS", "Plynx.Example.com, *.corp.example,")
    assert load_settings().allowed_hosts == ["plynx.example.com", "*.corp.example"]
    monkeypatch.setenv("PLYNX_ALLOWED_HOSTS", "http://plynx.example.com")
    with pytest.raises(ConfigError, match=r"allowed_hosts: 'http://plynx.example.com' is not"):
        load_settings()
