"""Base64 texts that probe strict decoding (padding, whitespace, foreign characters), and
the reference decoding every stepped or streamed decoder of CipherValue text must match."""

from __future__ import annotations

import base64
import random

from gateway.domain.errors import DecryptionFailed
from gateway.security import xmlenc

EDGE_CASES = (
    "",
    "QUFB",
    "QUFB====",  # strict decoding accepts surplus padding after a whole quantum
    "QUFBQQ==",
    "QUFBQUE=",
    "QQ==QUFB",
    "=QUFB",
    "QUF",
    "QUFBQ",
    "QU FB\r\nQU\tFB",
    "QUFB\u00a0QUFB",  # not XML whitespace
    "QUFB\u00e9QUFB",
    "QUFB-_FB",
    base64.b64encode(bytes(range(256)) * 4).decode(),
)


def random_cases(seed: int, count: int) -> list[str]:
    """Short texts of base64 characters, padding, whitespace and one stranger, mixed."""
    rng = random.Random(seed)
    alphabet = "QUFBa/+9==  \n\t-"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(40))) for _ in range(count)]


def wrapped(data: bytes, width: int, separator: str) -> str:
    """``data`` in base64, cut into lines of ``width`` joined by ``separator``."""
    encoded = base64.b64encode(data).decode()
    return separator.join(encoded[i : i + width] for i in range(0, len(encoded), width))


def plain_decode(text: str) -> bytes | None:
    """The gateway's whole-text strict decoding; None where it refuses (GW201)."""
    try:
        return xmlenc._b64decode(text)
    except DecryptionFailed:
        return None
