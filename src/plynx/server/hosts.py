"""The names this server answers to, and which web pages are its own.

A browser puts the name it reached the server by in the ``Host`` header. A page of another
site that gets its own name resolved to this machine (DNS rebinding) sends its own name:
refusing unknown names defeats it. Allowed are the loopback names of this machine
(``localhost``, ``*.localhost``, ``127.0.0.1`` and the other loopback addresses, ``[::1]``),
the ``host`` setting unless it is a wildcard address, and the ``allowed_hosts`` setting.

A page is one of the server's own when its origin (scheme, host, port) is the server's as
the request addresses it, or when its host is listed in ``allowed_hosts``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from plynx.config import Settings
from plynx.server.security import is_loopback

__all__ = ["AllowedHosts", "Authority", "Origin", "host_pattern", "is_loopback_host",
           "parse_authority", "parse_origin"]

#: Addresses that mean "every interface" rather than a name of the server.
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})

#: The port an origin without one uses, by scheme.
DEFAULT_PORTS = {"http": 80, "https": 443}

_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")


@dataclass(frozen=True)
class Authority:
    """``host[:port]`` as in a Host header: the host in lower case, IPv6 without brackets."""

    host: str
    port: int | None = None


@dataclass(frozen=True)
class Origin:
    """The scheme, host and port of a web page (its port always known)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = DEFAULT_PORTS[self.scheme] == self.port
        return f"{self.scheme}://{host}" + ("" if default else f":{self.port}")


def parse_authority(text: str) -> Authority | None:
    """The host and port of a Host header value; None when it is not ``host[:port]``."""
    text = text.strip().lower()
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or not _is_ip(host):
            return None
    else:
        host, colon, port = text.partition(":")
        rest = colon + port
        host = host.removesuffix(".")
        if not _NAME.fullmatch(host):
            return None
    if not rest:
        return Authority(host)
    port = rest.removeprefix(":")
    if not rest.startswith(":") or not port.isascii() or not port.isdigit() \
            or not 0 < int(port) < 65536:
        return None
    return Authority(host, int(port))


def parse_origin(text: str) -> Origin | None:
    """The origin in an ``Origin`` header or of a ``Referer`` URL; None for ``null``, a
    scheme other than http(s) or anything unreadable."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    authority = parse_authority(parts.netloc.rpartition("@")[2])
    if scheme not in DEFAULT_PORTS or authority is None:
        return None
    return Origin(scheme, authority.host, authority.port or DEFAULT_PORTS[scheme])


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` always means this machine: a loopback address, ``localhost`` or a
    name under ``.localhost`` (which browsers never ask DNS about)."""
    return is_loopback(host) or host.endswith(".localhost")


def host_pattern(entry: str) -> str:
    """An ``allowed_hosts`` entry as it is matched (lower case, IPv6 without brackets):
    a host name, ``*.`` and a domain (its sub-domains), or an IP address. ValueError
    naming what is wrong otherwise."""
    pattern = entry.strip().lower().removesuffix(".")
    if pattern.startswith("[") and pattern.endswith("]") and _is_ip(pattern[1:-1]):
        return pattern[1:-1]
    if _is_ip(pattern) or _NAME.fullmatch(pattern.removeprefix("*.")):
        return pattern
    if pattern == "*":
        raise ValueError("'*' would accept any name, which is what the setting exists to "
                         "refuse; list the names the server is reached by")
    raise ValueError(f"{entry!r} is not a host name: give a name such as plynx.example.com, "
                     "*.example.com or an IP address, without scheme, port or path")


class AllowedHosts:
    """The names one server answers to, from its settings.

    They are enforced in single-user mode, where being reached is all the authority a
    request needs, and in multi-user mode when ``allowed_hosts`` is set (there a request
    acts only with a bearer token, which a page of another site does not have).
    """

    def __init__(self, settings: Settings) -> None:
        self.patterns = tuple(settings.allowed_hosts)
        listen = settings.host.strip("[]").lower()
        self.names = frozenset() if listen in WILDCARD_ADDRESSES else frozenset({listen})
        self.enforced = not settings.multi_user or bool(self.patterns)

    def allows(self, host: str) -> bool:
        """Whether the server answers to ``host``."""
        return is_loopback_host(host) or host in self.names or self.listed(host)

    def listed(self, host: str) -> bool:
        """Whether the ``allowed_hosts`` setting names ``host``."""
        return any(host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
                   for pattern in self.patterns)

    def own_page(self, origin: Origin, server: Authority) -> bool:
        """Whether a page at ``origin`` is one of the server's, which the request names as
        ``server`` (its Host header)."""
        port = server.port or DEFAULT_PORTS[origin.scheme]
        return (origin.host, origin.port) == (server.host, port) or self.listed(origin.host)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
