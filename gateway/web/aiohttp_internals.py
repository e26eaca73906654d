"""Every use of aiohttp's non-public API, in one place.

aiohttp offers no public hook for these: the request handler class a ``web.Server``
builds (its ``_loop`` and ``_kwargs``), whether a kept-alive connection has a request
parsed but not yet handled (``RequestHandler._messages``), a site's listening server
(``BaseSite._server``), and what a ``TCPSite`` was given (``_host``, ``_port``, ...)
for a site that creates its own listening server. tests/unit/test_aiohttp_internals.py
fails loudly when an aiohttp upgrade moves any of them; then this module is the one to
change.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

__all__ = [
    "RequestHandler",
    "TcpSiteSettings",
    "adopt_listening_server",
    "bound_port",
    "handler_arguments",
    "has_parsed_requests",
    "listening_server",
    "runner_server",
    "tcp_site_settings",
]


def handler_arguments(server: web.Server) -> tuple[asyncio.AbstractEventLoop, dict[str, Any]]:
    """The loop and keyword arguments ``web.Server.__call__`` gives each RequestHandler."""
    return server._loop, server._kwargs


def has_parsed_requests(connection: RequestHandler) -> bool:
    """A request parsed on this connection that no handler has taken yet."""
    return bool(getattr(connection, "_messages", ()))


def listening_server(site: web.BaseSite) -> asyncio.Server | None:
    """The asyncio server holding a started site's listening socket(s), if any."""
    return getattr(site, "_server", None)


def bound_port(runner: web.AppRunner) -> int:
    """The port a started runner's first site listens on (0 in the config: any free)."""
    for site in runner.sites:
        server = listening_server(site)
        if server is not None and server.sockets:
            return int(server.sockets[0].getsockname()[1])
    raise RuntimeError("site not started")


@dataclass(frozen=True)
class TcpSiteSettings:
    """What a ``web.TCPSite`` was constructed with (aiohttp keeps it in private fields)."""

    host: str | None
    port: int
    ssl_context: ssl.SSLContext | None
    backlog: int
    reuse_address: bool | None
    reuse_port: bool | None


def tcp_site_settings(site: web.TCPSite) -> TcpSiteSettings:
    return TcpSiteSettings(
        site._host,
        site._port,
        site._ssl_context,
        site._backlog,
        site._reuse_address,
        site._reuse_port,
    )


def runner_server(site: web.BaseSite) -> web.Server | None:
    """The low-level ``web.Server`` of the runner a site belongs to."""
    server = site._runner.server
    return server if isinstance(server, web.Server) else None


def adopt_listening_server(site: web.TCPSite, server: asyncio.Server) -> None:
    """Make a server the site's own, as ``TCPSite.start`` would: ``stop`` closes it and
    the site reports the port it is bound to."""
    site._server = server
    sockets = server.sockets
    site._bound_port = sockets[0].getsockname()[1] if sockets else site._port
