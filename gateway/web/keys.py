"""What the two applications share: their typed ``web.AppKey``/``web.RequestKey``
keys, the drain state, the operations listener's state (``Operations``), the logger and
the constants of every handler module."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from aiohttp import web
from cryptography import x509

from gateway.domain.participants import Participant
from gateway.metrics import GatewayMetrics
from gateway.ports import MessageStore
from gateway.security.keys import load_certificate
from gateway.services.context import GatewayContext
from gateway.web.aiohttp_internals import RequestHandler, has_parsed_requests


class Drain:
    """Requests in flight, and whether the listener is stopping (graceful shutdown).

    aiohttp's own shutdown stops reading request bodies at once, so an upload
    under way at SIGTERM would be cut off; the gateway first closes the
    listening socket, then waits here until the requests in flight are done.
    """

    def __init__(self, on_change: Callable[[int], None] | None = None) -> None:
        self.in_flight = 0
        self.busy: dict[RequestHandler, int] = {}  # connection -> its requests in a handler
        self.stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._on_change = on_change  # the requests_in_flight gauge

    def enter(self, connection: RequestHandler) -> None:
        self.in_flight += 1
        self.busy[connection] = self.busy.get(connection, 0) + 1
        self._idle.clear()
        if self._on_change is not None:
            self._on_change(self.in_flight)

    def leave(self, connection: RequestHandler) -> None:
        self.in_flight -= 1
        if (left := self.busy.pop(connection, 1) - 1) > 0:
            self.busy[connection] = left
        if self.in_flight == 0:
            self._idle.set()
        if self._on_change is not None:
            self._on_change(self.in_flight)

    def close_idle(self, connections: Iterable[RequestHandler]) -> None:
        """Close the kept-alive connections that have no request under way.

        Not aiohttp's ``Server.pre_shutdown``: it also stops reading the bodies of
        uploads under way. A request parsed but not yet in a handler counts as busy.
        """
        for connection in connections:
            if connection not in self.busy and not has_parsed_requests(connection):
                connection.force_close()

    async def wait_idle(self, grace: float) -> bool:
        """True when every request finished within ``grace`` seconds."""
        try:
            async with asyncio.timeout(grace):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


@dataclass
class Operations:
    """What the operations listener needs beyond the context (built in ``gateway.runtime``)."""

    metrics: GatewayMetrics | None = None
    # Read when asked (cached per mtime): every reload also reloads the TLS files.
    tls_certificate_file: Path | None = None
    reload: Callable[[], Awaitable[bool]] | None = None
    draining: bool = False  # SIGTERM: /readyz says so, so that balancers look elsewhere
    _tls_cache: tuple[float, x509.Certificate] | None = field(default=None, repr=False)

    def tls_certificate(self) -> x509.Certificate | None:
        """The API listener's certificate as configured, or None if unreadable."""
        if self.tls_certificate_file is None:
            return None
        try:
            mtime = self.tls_certificate_file.stat().st_mtime
            if self._tls_cache is None or self._tls_cache[0] != mtime:
                self._tls_cache = (mtime, load_certificate(self.tls_certificate_file))
        except (OSError, ValueError):
            return None
        return self._tls_cache[1]


CONTEXT = web.AppKey("context", GatewayContext[MessageStore])
DRAIN = web.AppKey("drain", Drain)
MAX_BODY = web.AppKey("max_body", int)
BODY_TIMEOUT = web.AppKey("body_timeout", float)
OPS = web.AppKey("ops", Operations)
OPENAPI = web.AppKey("openapi", bytes)
PARTICIPANT = web.RequestKey("participant", Participant)
FINGERPRINT = web.RequestKey("fingerprint", str)
LOG_FIELDS = web.RequestKey("log_fields", dict)
RETRY_AFTER_SECONDS = "5"
XML = "application/xml"
UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)

log = structlog.get_logger("gateway.web")


def context(request: web.Request) -> GatewayContext[MessageStore]:
    """The context of the request's application, with the whole store: a handler passes it
    to a service typed against one of the store's ports."""
    return request.app[CONTEXT]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# ASCII digits only: str.isdigit() admits "²", which int() refuses (a 500, not a 400).
COUNT_RE = re.compile(r"[0-9]{1,6}")
