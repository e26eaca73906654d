"""The desk's own defences: an access token, a session cookie, CSRF tokens, strict headers.

The desk listens on 127.0.0.1 only; the token printed at start (as Jupyter does) is
traded once for an HttpOnly, SameSite=Strict cookie and leaves the URL at once. Every
form carries a CSRF token bound to that session; the Host header must be the desk's
own address (no DNS rebinding), and an Origin header, when sent, must be too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

COOKIE_PREFIX = "desk_sessie_"
# "same-origin", not "no-referrer": with no-referrer Chromium sends ``Origin: null`` on form
# posts, and the Origin check below needs the real one. Our URLs carry no client data.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class DeskSecrets:
    """Per process: the access token (in the printed URL) and the session and CSRF keys."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def csrf_token(self) -> str:
        return hmac.new(self.csrf_key, self.session.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(candidate.encode(), self.token.encode())

    def session_ok(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode(), self.session.encode()
        )

    def csrf_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(candidate.encode(), self.csrf_token().encode())


def cookie_name(port: int) -> str:
    """Cookies do not tell ports apart: each desk on this host has its own cookie name, so a
    provider's and a zorgkantoor's desk can be open in one browser."""
    return f"{COOKIE_PREFIX}{port}"


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def check_origin(request: web.Request, hosts: frozenset[str]) -> bool:
    """The Host header is ours, and so is the Origin header when the browser sends one."""
    if request.host not in hosts:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin in {f"http://{h}" for h in hosts}


def add_headers(response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
