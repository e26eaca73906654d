"""A bare echo server on the gateway's TLS stack: the ceiling for end-to-end figures.

Same aiohttp, same mutual-TLS context (``gateway.web.tls``, SNI callback included),
same certificates; it reads the body and answers every POST with a fixed small body.
``python -m bench.echo PKI_DIR PORT_FILE``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from aiohttp import web

from bench.fixtures import HOST
from gateway.web.tls import ReloadableServerContext

# About the size of a signed Ontvangstbevestiging's status line; small and fixed.
BODY = b'<?xml version="1.0" encoding="UTF-8"?><Echo>ok</Echo>\n'


async def echo(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=BODY, status=202, content_type="application/xml")


async def serve(pki: Path, port_file: Path) -> None:
    tls = ReloadableServerContext(
        pki / "gateway" / "tls.crt",
        pki / "gateway" / "tls.key",
        [pki / "ca.crt"],
        [pki / "crl.pem"],
    )
    app = web.Application(client_max_size=20 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0, ssl_context=tls.listener)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await asyncio.to_thread(port_file.write_text, f"{port}\n")
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]), Path(sys.argv[2])))
