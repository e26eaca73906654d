"""aiohttp's non-public API the gateway relies on (gateway/web/aiohttp_internals.py) is
still there: an aiohttp upgrade that moves any of it fails here, loudly, before the
drain, the connection guard or the listener quietly stop working. No socket is opened."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from aiohttp import web

from gateway.web import aiohttp_internals as internals


async def _handler(request: web.BaseRequest) -> web.StreamResponse:
    return web.Response()


async def test_a_server_still_keeps_the_arguments_of_its_request_handlers() -> None:
    server = web.Server(_handler)
    loop, kwargs = internals.handler_arguments(server)
    assert loop is asyncio.get_running_loop()
    assert isinstance(kwargs, dict)
    handler = internals.RequestHandler(server, loop=loop, **kwargs)
    # has_parsed_requests reads _messages with a default: the attribute itself must exist.
    assert hasattr(handler, "_messages")
    assert internals.has_parsed_requests(handler) is False


async def test_a_tcp_site_still_keeps_what_it_was_given_and_its_listening_server() -> None:
    runner = web.AppRunner(web.Application())
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 8999, backlog=7, reuse_port=True)
        settings = internals.tcp_site_settings(site)
        assert settings == internals.TcpSiteSettings("127.0.0.1", 8999, None, 7, None, True)
        assert internals.runner_server(site) is runner.server
        assert hasattr(site, "_server")
        assert internals.listening_server(site) is None  # not started
        assert hasattr(site, "_bound_port")
        fake = SimpleNamespace(sockets=[])
        internals.adopt_listening_server(site, fake)  # type: ignore[arg-type]
        assert internals.listening_server(site) is fake
        assert site.name.endswith(":8999")
    finally:
        await runner.cleanup()
