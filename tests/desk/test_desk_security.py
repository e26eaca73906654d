"""The desk's defences, over a real socket to a real desk process (no browser needed):
127.0.0.1 only, the access token, an HttpOnly session cookie, CSRF on every form, the Host
and Origin checks, a strict Content-Security-Policy."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.desk.conftest import Desk

pytestmark = pytest.mark.timeout(300)


def request(
    desk: Desk,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> http.client.HTTPResponse:
    parts = urlsplit(desk.base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    all_headers = {"Host": parts.netloc, **(headers or {})}
    if body is not None:
        all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def login(desk: Desk) -> str:
    """The session cookie the access token is traded for."""
    response = request(desk, "GET", f"/?token={desk.token}")
    assert response.status == 303
    assert response.headers["Location"] == "/"  # the token leaves the address bar
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    return cookie.split(";")[0]


def csrf_of(desk: Desk, cookie: str, path: str) -> str:
    parts = urlsplit(desk.base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": parts.netloc})
    html = conn.getresponse().read().decode()
    conn.close()
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, html[:500]
    return match[1]


def test_the_desk_listens_on_loopback_only(lonely_desk: Desk) -> None:
    """The kernel's own table of listening sockets: only 127.0.0.1 has the desk's port."""
    port = urlsplit(lonely_desk.base).port
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, IPv4 only


def test_without_the_token_or_its_cookie_nothing_is_shown(lonely_desk: Desk) -> None:
    assert request(lonely_desk, "GET", "/").status == 403
    assert request(lonely_desk, "GET", "/?token=wrong").status == 403
    assert (
        request(
            lonely_desk,
            "GET",
            "/",
            headers={"Cookie": f"desk_sessie_{urlsplit(lonely_desk.base).port}=guess"},
        ).status
        == 403
    )
    assert request(lonely_desk, "GET", "/static/desk.css").status == 403


def test_pages_carry_a_strict_content_security_policy(lonely_desk: Desk) -> None:
    cookie = login(lonely_desk)
    response = request(lonely_desk, "GET", "/", headers={"Cookie": cookie})
    assert response.status == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_form_needs_its_csrf_token(lonely_desk: Desk) -> None:
    cookie = login(lonely_desk)
    new = request(lonely_desk, "GET", "/nieuw/meerzorgplan", headers={"Cookie": cookie})
    assert new.status == 303
    draft = new.headers["Location"]
    token = csrf_of(lonely_desk, cookie, draft)
    without = request(
        lonely_desk, "POST", draft, headers={"Cookie": cookie}, body="za_naam=x&actie=controleren"
    )
    assert without.status == 403
    wrong = request(
        lonely_desk, "POST", draft, headers={"Cookie": cookie}, body="csrf=00&actie=controleren"
    )
    assert wrong.status == 403
    right = request(
        lonely_desk,
        "POST",
        draft,
        headers={"Cookie": cookie},
        body=f"csrf={token}&za_naam=x&actie=controleren",
    )
    assert right.status == 422  # checked: the form has errors, shown at the fields


def test_another_site_or_host_name_is_refused(lonely_desk: Desk) -> None:
    cookie = login(lonely_desk)
    assert (
        request(
            lonely_desk, "GET", "/", headers={"Cookie": cookie, "Host": "evil.example:80"}
        ).status
        == 403
    )  # DNS rebinding
    draft = request(lonely_desk, "GET", "/nieuw/meerzorgplan", headers={"Cookie": cookie})
    token = csrf_of(lonely_desk, cookie, draft.headers["Location"])
    cross = request(
        lonely_desk,
        "POST",
        draft.headers["Location"],
        headers={"Cookie": cookie, "Origin": "http://evil.example"},
        body=f"csrf={token}&actie=controleren",
    )
    assert cross.status == 403


def test_a_desk_without_usable_keys_says_so_and_does_not_start(tmp_path: Path) -> None:
    import subprocess

    from tests.serving import CLI

    result = subprocess.run(
        [*CLI, "desk", "--party", str(tmp_path / "geen-partij"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "niet bruikbaar" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # no link printed
