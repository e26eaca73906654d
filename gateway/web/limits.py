"""Resource limits of the API listener (hardening): rates, concurrency, timeouts, connections.

* Per participant (after authentication): a token bucket for ``POST /v1/berichten``,
  a separate, larger one for every other /v1 request, and a cap on requests in
  flight. Over a limit: 429 with Retry-After and the plain JSON error body.
* Per connection: aiohttp 3.14 has no request-header timeout (its
  ``keepalive_timeout`` only closes connections idle *between* requests, and a
  client trickling header bytes never counts as idle for long). ``GuardedServer``
  wraps aiohttp's protocol factory: a connection must deliver each complete
  request head within ``header_timeout_seconds`` of its first byte (and the first
  one within that time of the TLS handshake), or it is aborted. The TLS handshake
  itself is bounded by asyncio's ``ssl_handshake_timeout`` (same value).
* Per listener: at most ``max_connections`` open connections (counted from
  accept, handshake included); a connection above the bound is closed as soon as
  the TLS handshake completes, before any request is read. (The handshake cost
  of refused connections is still paid: a connection limit in the load balancer
  or firewall in front is the first line; this bound protects memory.)
* The request body read is bounded by ``body_timeout_seconds`` in the handler
  (gateway/web/api.py ``_read_body``): 408 and the connection is closed.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web

from gateway.config import LimitsConfig
from gateway.web.aiohttp_internals import (
    RequestHandler,
    adopt_listening_server,
    handler_arguments,
    runner_server,
    tcp_site_settings,
)
from gateway.web.errors import error_body
from gateway.web.handshakes import HandshakeLog, observed_tls_factory

log = structlog.get_logger("gateway.web.limits")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ErrorFactory = Callable[[int, str], web.Response]


class TokenBucket:
    """``rate`` tokens per second up to ``burst``; ``take`` returns 0 or the seconds to wait."""

    __slots__ = ("burst", "rate", "tokens", "updated")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.updated = now

    def take(self, now: float) -> float:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


class ParticipantLimiter:
    """Rate and concurrency limits per authenticated participant id.

    Keys are registry participant ids (only authenticated callers reach this),
    so the tables are bounded by the registry size.
    """

    def __init__(self, config: LimitsConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self._submissions: dict[str, TokenBucket] = {}
        self._requests: dict[str, TokenBucket] = {}
        self.in_flight: dict[str, int] = {}

    def check_rate(self, participant_id: str, submission: bool) -> float:
        """0 when allowed (a token is taken), else the seconds until the next token."""
        c = self.config
        table, rate, burst = (
            (self._submissions, c.submissions_per_second, c.submissions_burst)
            if submission
            else (self._requests, c.requests_per_second, c.requests_burst)
        )
        now = self._clock()
        bucket = table.get(participant_id)
        if bucket is None:
            bucket = table[participant_id] = TokenBucket(rate, burst, now)
        return bucket.take(now)

    def acquire(self, participant_id: str) -> bool:
        current = self.in_flight.get(participant_id, 0)
        if current >= self.config.concurrent_requests:
            return False
        self.in_flight[participant_id] = current + 1
        return True

    def release(self, participant_id: str) -> None:
        left = self.in_flight.get(participant_id, 1) - 1
        if left > 0:
            self.in_flight[participant_id] = left
        else:
            self.in_flight.pop(participant_id, None)


def too_many(error: ErrorFactory, message: str, retry_after: float) -> web.Response:
    response = error(429, message)
    response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


LimitHit = Callable[[str], None]  # told the reason of every refusal (metrics)


def _ignore(_reason: str) -> None:
    return None


def participant_limits(
    limiter: ParticipantLimiter,
    participant_of: Callable[[web.Request], str | None],
    error: ErrorFactory,
    on_limit: LimitHit | None = None,
) -> Any:
    """Middleware (after authentication): rate buckets, then the in-flight cap.

    ``on_limit`` hears ``submissions``, ``requests`` or ``concurrency`` per 429.
    """
    hear = on_limit or _ignore

    @web.middleware
    async def limits(request: web.Request, handler: Handler) -> web.StreamResponse:
        participant_id = participant_of(request)
        if participant_id is None:
            return await handler(request)
        submission = request.method == "POST" and request.path == "/v1/berichten"
        wait = limiter.check_rate(participant_id, submission)
        if wait > 0:
            reason = "submissions" if submission else "requests"
            log.info("rate_limited", peer=participant_id, reason=reason)
            hear(reason)
            return too_many(error, "Te veel verzoeken; probeer het later.", wait)
        if not limiter.acquire(participant_id):
            log.info("concurrency_limited", peer=participant_id)
            hear("concurrency")
            return too_many(error, "Te veel gelijktijdige verzoeken; probeer het later.", 1)
        try:
            return await handler(request)
        finally:
            limiter.release(participant_id)

    return limits


# --- connections ---------------------------------------------------------------------


class _GuardedProtocol(asyncio.Protocol):
    """Delegates to aiohttp's RequestHandler; enforces the request-head deadline."""

    def __init__(self, guard: GuardedServer, inner: RequestHandler, counted: bool) -> None:
        self._guard = guard
        self._inner = inner
        self._counted = counted
        self._transport: asyncio.BaseTransport | None = None
        self._made = False
        self._heads = 0
        self._timer: asyncio.TimerHandle | None = guard.loop.call_later(
            guard.handshake_timeout + 1, self._handshake_deadline
        )

    # accounting

    def _release(self) -> None:
        if self._counted:
            self._counted = False
            self._guard.open -= 1

    def _handshake_deadline(self) -> None:
        # asyncio aborts a handshake after ssl_handshake_timeout without telling the
        # application protocol: stop counting a connection that never came up.
        self._timer = None
        if not self._made:
            self._release()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self) -> None:
        self._cancel_timer()
        self._timer = self._guard.loop.call_later(self._guard.header_timeout, self._head_deadline)

    def _head_deadline(self) -> None:
        self._timer = None
        if self._inner._request_count == self._heads and self._transport is not None:
            peer = self._transport.get_extra_info("peername")
            log.info("request_header_timeout", peer_ip=peer[0] if peer else None)
            self._guard.header_timeouts += 1
            self._guard.on_limit("header_timeout")
            self._transport.abort()  # type: ignore[attr-defined]

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._made = True
        self._cancel_timer()
        self._transport = transport
        if not self._counted:
            self._guard.refused += 1
            self._guard.on_limit("max_connections")
            log.warning("connection_refused", reason="max_connections", count=self._guard.open)
            transport.abort()  # type: ignore[attr-defined]
            return
        self._inner.connection_made(transport)
        self._arm()  # the first request head is due within the header timeout

    def data_received(self, data: bytes) -> None:
        if not self._counted:
            return
        self._inner.data_received(data)
        count = self._inner._request_count
        if count != self._heads:
            self._heads = count  # a complete head arrived: the body timeout takes over
            self._cancel_timer()
        elif self._timer is None and self._inner._waiter is not None:
            self._arm()  # first bytes of the next request on a kept-alive connection

    def eof_received(self) -> bool | None:
        if self._counted:
            self._inner.eof_received()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        if self._counted:
            self._release()
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


# aiohttp answers a request it cannot parse (a request line or header over its limits,
# bad characters, a bad method) itself, before any middleware, in text/plain with the
# parser's message, which quotes the request. The API answers with the plain JSON error
# body instead (protocol 3: no parser internals, nothing of the request echoed).
_MALFORMED_TEXTS = {
    400: "Ongeldig HTTP-verzoek.",
    413: "Het verzoek is te groot.",
    431: "De verzoekkoppen zijn te groot.",
    500: "Interne fout.",
    504: "Het verzoek duurde te lang.",
}


class PlainErrorRequestHandler(RequestHandler):
    """aiohttp's connection handler, answering its own errors with the plain JSON body."""

    __slots__ = ()

    def handle_error(
        self,
        request: Any,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if request.writer.output_size > 0:  # as aiohttp: too late for an answer
            raise ConnectionError("response already started; closing the connection")
        if status >= 500:
            log.error("unhandled_error", status=status, error=type(exc).__name__ if exc else None)
        else:  # the exception's text quotes the request: its class name only
            log.info("malformed_request", status=status, error=type(exc).__name__ if exc else None)
        body = error_body(status, _MALFORMED_TEXTS.get(status, "Ongeldig verzoek."))
        response = web.json_response(body, status=status)
        response.force_close()
        return response


def plain_error_handlers(server: web.Server) -> Callable[[], RequestHandler]:
    """A factory of :class:`PlainErrorRequestHandler` with the arguments aiohttp's
    ``Server.__call__`` passes (aiohttp has no public hook for the handler class)."""
    loop, kwargs = handler_arguments(server)
    return lambda: PlainErrorRequestHandler(server, loop=loop, **kwargs)


class GuardedServer:
    """A protocol factory around aiohttp's: connection bound and request-head deadline."""

    def __init__(
        self,
        server: Callable[[], RequestHandler],
        config: LimitsConfig,
        on_limit: LimitHit = _ignore,
    ) -> None:
        self._server = server
        self.on_limit = on_limit  # hears max_connections and header_timeout
        self.loop = asyncio.get_running_loop()
        self.max_connections = config.max_connections
        self.header_timeout = config.header_timeout_seconds
        self.handshake_timeout = config.header_timeout_seconds
        self.open = 0
        self.refused = 0
        self.header_timeouts = 0

    def __call__(self) -> _GuardedProtocol:
        counted = self.open < self.max_connections
        if counted:
            self.open += 1
        return _GuardedProtocol(self, self._server(), counted)


class LimitedTCPSite(web.TCPSite):
    """``web.TCPSite`` whose listener uses ``GuardedServer`` and a TLS handshake timeout."""

    def __init__(
        self,
        runner: web.BaseRunner,
        *args: Any,
        limits: LimitsConfig,
        on_limit: LimitHit = _ignore,
        handshakes: HandshakeLog | None = None,
        **kwargs: Any,
    ):
        super().__init__(runner, *args, **kwargs)
        self._limits = limits
        self._on_limit = on_limit
        self._handshakes = handshakes
        self.guard: GuardedServer | None = None

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with the runner
        loop = asyncio.get_running_loop()
        server = runner_server(self)
        assert server is not None
        settings = tcp_site_settings(self)
        self.guard = GuardedServer(plain_error_handlers(server), self._limits, self._on_limit)
        factory: Callable[[], asyncio.BaseProtocol] = self.guard
        tls = settings.ssl_context
        if tls is not None and self._handshakes is not None:
            # TLS done by asyncio's own protocol, observed (gateway/web/handshakes.py).
            factory = observed_tls_factory(
                self.guard, tls, self._handshakes, self._limits.header_timeout_seconds
            )
            tls = None
        listening = await loop.create_server(
            factory,
            settings.host,
            settings.port,
            ssl=tls,
            ssl_handshake_timeout=self._limits.header_timeout_seconds if tls else None,
            backlog=settings.backlog,
            reuse_address=settings.reuse_address,
            reuse_port=settings.reuse_port,
        )
        adopt_listening_server(self, listening)
