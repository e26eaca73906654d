"""Real desks in real headless Chromium: a ``serve`` process, ``desk`` processes on their
own sockets, and Selenium driving Debian's chromium through Debian's chromedriver."""

from __future__ import annotations

import os
import re
import select
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, in_ci, require_tool
from tests.serving import CLI, GatewayProcess, free_port

CHROMEDRIVER = "/usr/bin/chromedriver"
# Where the browser tests write their screenshots: a temporary folder, so that a test run
# leaves the tracked docs/desk/ alone; `make desk-screenshots` (DESK_SCREENSHOTS=docs/desk)
# renews those.
SCREENSHOTS = Path(
    os.environ.get("DESK_SCREENSHOTS") or Path(tempfile.gettempdir()) / "meerzorg-desk-screenshots"
)
if not SCREENSHOTS.is_absolute():
    SCREENSHOTS = REPO / SCREENSHOTS
URL_RE = re.compile(r"(http://127\.0\.0\.1:[0-9]+/)\?token=([A-Za-z0-9_-]+)")
START_TIMEOUT = 60.0  # a hang guard


@dataclass
class Desk:
    """One ``meerzorg-gateway desk`` process."""

    process: subprocess.Popen[str]
    base: str  # http://127.0.0.1:PORT/
    token: str

    @property
    def login_url(self) -> str:
        return f"{self.base}?token={self.token}"

    def url(self, path: str) -> str:
        return self.base.rstrip("/") + path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_desk(cwd: Path, party: str, gateway_url: str, log: Path) -> Desk:
    """``desk --party certs/PARTY --port 0``; the link it prints carries the access token."""
    with log.open("ab") as stderr:
        process = subprocess.Popen(
            [
                *CLI,
                "desk",
                "--party",
                f"certs/{party}",
                "--url",
                gateway_url,
                "--port",
                "0",
                "--log-level",
                "info",
            ],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    seen = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            seen += line
            match = URL_RE.search(line)
            if match:
                return Desk(process, match[1], match[2])
        if process.poll() is not None:
            break
    process.kill()
    process.wait(timeout=20)
    process.stdout.close()
    raise AssertionError(f"desk for {party} did not start: {seen}\n{log.read_text()}")


@dataclass
class Exchange:
    root: Path
    gateway: GatewayProcess
    provider: Desk
    zorgkantoor: Desk


@pytest.fixture
def exchange(tmp_path: Path) -> Iterator[Exchange]:
    """As the README says: dev-pki, a gateway, a provider desk and a zorgkantoor desk."""
    subprocess.run([*CLI, "dev-pki", "--out", "certs"], cwd=tmp_path, check=True, timeout=120)
    gateway = GatewayProcess(
        Path("certs/gateway.toml"),
        tmp_path,
        "serve",
        cwd=tmp_path,
        extra=("--migrate", "--data-dir", "data"),
    )
    gateway.start()
    desks: list[Desk] = []
    try:
        gateway.wait_ready()
        provider = start_desk(tmp_path, "agb-12345678", gateway.url, tmp_path / "provider.log")
        desks.append(provider)
        zk = start_desk(tmp_path, "zk-5509", gateway.url, tmp_path / "zk.log")
        desks.append(zk)
        yield Exchange(tmp_path, gateway, provider, zk)
    finally:
        for desk in desks:
            desk.stop()
        gateway.stop()


@pytest.fixture
def lonely_desk(tmp_path: Path) -> Iterator[Desk]:
    """A provider desk whose gateway is down (nothing listens on its port)."""
    subprocess.run([*CLI, "dev-pki", "--out", "certs"], cwd=tmp_path, check=True, timeout=120)
    desk = start_desk(
        tmp_path, "agb-12345678", f"https://localhost:{free_port()}", tmp_path / "desk.log"
    )
    try:
        yield desk
    finally:
        desk.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium; Selenium Manager is never asked to download anything."""
    require_tool("chromium")
    if not Path(CHROMEDRIVER).exists():
        if in_ci():
            pytest.fail("chromedriver is required in CI (make test installs chromium-driver)")
        pytest.skip("chromium-driver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = require_tool("chromium")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=nl-NL",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)
    os.environ.setdefault("SE_AVOID_STATS", "true")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: Any, name: str, *, media: str | None = None) -> Path:
    """A full-page PNG in SCREENSHOTS (docs/desk/ with `make desk-screenshots`, linked from
    the README); ``media="print"`` shows the page as it prints."""
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if media:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = dict(metrics["cssContentSize"])
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    size["width"] = max(size["width"], metrics["cssLayoutViewport"]["clientWidth"], scroll_width)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": min(size["height"], 8000),
                "scale": 1,
            },
        },
    )
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})
    if media:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
