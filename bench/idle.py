"""Hold N idle mutual-TLS keep-alive connections open to a server, from its own process.

``python -m bench.idle PKI_DIR PORT N``: opens N connections (TLS handshake with the
provider's client certificate, one ``GET /v1/deelnemer`` each so the server holds a
real keep-alive HTTP connection), prints ``open N`` and keeps them until a line on stdin.
"""

from __future__ import annotations

import asyncio
import resource
import sys
from pathlib import Path

from bench.fixtures import HOST, PROVIDER
from gateway.web.tls import client_context

REQUEST = f"GET /v1/deelnemer HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()


def raise_nofile(wanted: int) -> None:
    """Raise the soft open-files limit towards ``wanted`` (never above the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


async def hold(pki: Path, port: int, n: int) -> None:
    party = pki / PROVIDER
    ssl = client_context(pki / "ca.crt", party / "tls.crt", party / "tls.key")
    opening = asyncio.Semaphore(32)
    writers: list[asyncio.StreamWriter] = []
    failures = 0

    async def one() -> None:
        nonlocal failures
        async with opening:
            try:
                reader, writer = await asyncio.open_connection(HOST, port, ssl=ssl)
                writer.write(REQUEST)
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                await reader.readexactly(length)
                writers.append(writer)
            except (OSError, asyncio.IncompleteReadError, StopIteration):
                failures += 1

    await asyncio.gather(*(one() for _ in range(n)))
    print(f"open {len(writers)} failed {failures}", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    for writer in writers:
        writer.close()


if __name__ == "__main__":
    raise_nofile(4096)
    asyncio.run(hold(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
