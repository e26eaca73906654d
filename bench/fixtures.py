"""What every benchmark needs: a dev PKI per RSA key size, payloads of a given size, envelopes.

Everything is built with the project's own code (dev PKI, client) the way a provider
system would, and always before any timing starts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509

from gateway.client import build_envelope, new_kop
from gateway.devpki import (
    GatewayConfigSpec,
    KeyType,
    Purpose,
    render_gateway_toml,
    write_dev_pki,
)
from gateway.domain.envelope import Kop
from gateway.security.keys import KeyPair, load_certificate, load_key_pair

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "schemas" / "meerzorgplan" / "1.0" / "examples" / "valid-met-bijlage.xml"
PROVIDER = "agb-12345678"
PROVIDER_AGB = "12345678"
ZK = "zk-5509"
HOST = "127.0.0.1"  # the only address any benchmark talks to
KIB = 1024
MIB = 1024 * 1024

# The per-participant limits of gateway/web/limits.py (defaults: 50 submissions/s, burst
# 100, 32 requests in flight) would turn the one benchmark client's load into 429s: the
# benchmark measures the gateway's capacity, so it lifts them (the connection bound and
# the timeouts stay at their defaults).
BENCH_LIMITS = """[limits]                    # bench: per-participant limits out of the way
submissions_per_second = 1000000
submissions_burst = 1000000
requests_per_second = 1000000
requests_burst = 1000000
concurrent_requests = 100000
"""
# The three payload sizes of issue 6 (the unsigned payload document, Berichtkop included).
SIZES = {"5KiB": 5 * KIB, "100KiB": 100 * KIB, "5MiB": 5 * MIB}


@dataclass(frozen=True)
class BenchPki:
    """A dev PKI whose RSA keys (provider signing, gateway and zorgkantoor encryption) have
    ``rsa_bits`` bits; TLS and receipt signing stay ECDSA P-256 as in the dev PKI."""

    root: Path
    rsa_bits: int

    @property
    def party(self) -> Path:
        return self.root / PROVIDER

    @property
    def zk(self) -> Path:
        return self.root / ZK

    def signer(self) -> KeyPair:
        return load_key_pair(self.party / "sign.crt", self.party / "sign.key")

    def gateway_enc(self) -> x509.Certificate:
        return load_certificate(self.root / "gateway" / "enc.crt")

    def write_config(self, data_dir: Path, name: str = "bench.toml") -> Path:
        """A gateway.toml on free ports (0) with its own data directory and the
        per-participant limits lifted (``BENCH_LIMITS``)."""
        path = self.root / name
        spec = replace(
            GatewayConfigSpec(),
            port=0,
            ops_port=0,
            data_dir=str(data_dir),
            extra_toml=BENCH_LIMITS,
        )
        path.write_text(render_gateway_toml(spec), encoding="utf-8")
        return path


def make_pki(root: Path, rsa_bits: int) -> BenchPki:
    """The dev PKI; for 4096 bits the RSA keys the messages use are reissued at that size."""
    pki = write_dev_pki(root, force=True)
    if rsa_bits == 4096:
        now = datetime.now(UTC).replace(microsecond=0)
        big = KeyType.RSA4096
        ca = pki.ca
        ca.issue(
            common_name="Zorggroep De Linde",
            purpose=Purpose.SIGN,
            party="AGB-12345678",
            key_type=big,
            now=now,
        ).write(root / PROVIDER, "sign")
        ca.issue(
            common_name="meerzorg-gateway encryption", purpose=Purpose.ENC, key_type=big, now=now
        ).write(root / "gateway", "enc")
        ca.issue(
            common_name="Zorgkantoor Midden-Nederland",
            purpose=Purpose.ENC,
            party="ZK-5509",
            key_type=big,
            now=now,
        ).write(root / ZK, "enc")
    elif rsa_bits != 2048:
        raise ValueError(f"RSA key size {rsa_bits} not supported (2048 or 4096)")
    return BenchPki(root, rsa_bits)


def payload_of_size(size: int) -> bytes:
    """A valid meerzorgplan of about ``size`` bytes: the attachment example with a Bijlage
    of random-looking bytes (base64, as in tests/functional/test_large_message.py)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    empty = re.sub(r"<Inhoud>[^<]*</Inhoud>", "<Inhoud></Inhoud>", text)
    room = max(4, size - len(empty.encode()))
    content = _pseudo_random(room // 4 * 3)
    text = re.sub(
        r"<Sha256>[0-9a-f]{64}</Sha256>",
        f"<Sha256>{hashlib.sha256(content).hexdigest()}</Sha256>",
        empty,
    )
    text = text.replace(
        "<Inhoud></Inhoud>", f"<Inhoud>{base64.b64encode(content).decode()}</Inhoud>"
    )
    return text.encode()


def _pseudo_random(n: int) -> bytes:
    """Incompressible-looking bytes, fast and reproducible (SHAKE-256 stream)."""
    return hashlib.shake_256(b"meerzorg bench").digest(n) if n else b""


def fresh_kop(now: datetime | None = None) -> Kop:
    """A Kop with a new TraceerId, from the benchmark provider to zorgkantoor 5509."""
    return new_kop(
        bericht_type="meerzorgplan",
        afzender=PROVIDER_AGB,
        geadresseerde="5509",
        now=now or datetime.now(UTC),
    )


def make_envelope(
    pki: BenchPki,
    payload: bytes,
    *,
    signer: KeyPair | None = None,
    recipient: x509.Certificate | None = None,
) -> tuple[bytes, Kop]:
    """A signed, encrypted envelope with a fresh TraceerId."""
    kop = fresh_kop()
    envelope, _signed = build_envelope(
        payload, kop, signer or pki.signer(), recipient or pki.gateway_enc()
    )
    return envelope, kop


def make_envelopes(pki_root: str, rsa_bits: int, payload_size: int, count: int) -> list[bytes]:
    """``count`` envelopes (a function of plain values, so a process pool can run it)."""
    pki = BenchPki(Path(pki_root), rsa_bits)
    payload = payload_of_size(payload_size)
    signer, recipient = pki.signer(), pki.gateway_enc()
    return [
        make_envelope(pki, payload, signer=signer, recipient=recipient)[0] for _ in range(count)
    ]
