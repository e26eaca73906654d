"""Key rollover with traffic flowing (issue 5): every key is rolled, nothing that should
pass is refused.

A provider sends in a loop (each message over a new TLS connection, fetching
``GET /v1/certificaten`` and verifying its Ontvangstbevestiging); a zorgkantoor
polls, decrypts, verifies and acknowledges. Meanwhile the test rolls the
gateway's TLS certificate, encryption key and receipt-signing key, the
provider's TLS and signing certificates and the zorgkantoor's encryption key,
each with `RunningGateway.reload()` (what SIGHUP and `meerzorg-gateway reload`
do): no restart is needed (docs/runbook.md, "Rotate keys and certificates").
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import ssl
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.client import GatewayClient, Identity, new_kop, open_delivery, verify_receipt
from gateway.config import ConfigError, load_gateway_config
from gateway.devpki import (
    DEMO_CONCESSIEHOUDERS,
    DevCA,
    DevPki,
    GatewayConfigSpec,
    KeyPairPaths,
    KeyType,
    Purpose,
    render_gateway_toml,
    render_participants_toml,
)
from gateway.messagetypes import MessageTypeRegistry
from gateway.runtime import RunningGateway
from gateway.security.certs import fingerprint
from gateway.security.keys import DecryptionKeyRing, KeyPair, load_certificate, load_key_pair
from gateway.services.context import ACTUEEL, VOLGEND, VORIG, rollover_status
from gateway.web.tls import client_context
from tests.conftest import GatewayFactory, url
from tests.functional.helpers import PROVIDER, PROVIDER_AGB, ZK, envelope_for, first_valid

ENC = KeyPairPaths("gateway/enc.crt", "gateway/enc.key")
SIGN = KeyPairPaths("gateway/sign.crt", "gateway/sign.key")


@dataclass
class Traffic:
    """The provider and zorgkantoor loops, and what they saw."""

    gw: RunningGateway
    pki: DevPki
    provider: Identity
    zk_keys: tuple[KeyPair, ...]
    sent: list[str] = field(default_factory=list)
    delivered: dict[str, bytes] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def send_loop(self) -> None:
        payload = first_valid()
        while not self.stop.is_set():
            kop = new_kop(bericht_type="meerzorgplan", afzender=PROVIDER_AGB, geadresseerde="5509")
            try:
                async with GatewayClient(url(self.gw), self.provider) as provider:
                    resp, receipt, envelope = await provider.send(payload, kop)
            except Exception as exc:  # noqa: BLE001 - recorded and asserted on
                self.failures.append(f"send {kop.traceer_id}: {exc!r}")
                continue
            if resp.status != 202 or receipt is None or receipt.status != "Geaccepteerd":
                self.failures.append(f"send {kop.traceer_id}: HTTP {resp.status} {resp.body!r}")
            else:
                assert receipt.digest == hashlib.sha256(envelope).digest()
                self.sent.append(kop.traceer_id)
            await asyncio.sleep(0.01)

    async def poll_loop(self) -> None:
        schema = MessageTypeRegistry.load().envelope_schema
        zk = Identity.from_party_dir(self.pki.root / ZK)
        while not self.stop.is_set() or len(self.delivered) < len(self.sent):
            try:
                async with GatewayClient(url(self.gw), zk) as client:
                    listing = (await client.request("GET", "/v1/postvak")).json()
                    for item in listing["berichten"]:
                        tid = item["traceerId"]
                        fetched = await client.request("GET", f"/v1/postvak/{tid}")
                        opened = open_delivery(
                            fetched.body, DecryptionKeyRing(self.zk_keys), zk.trust(), schema
                        )
                        assert opened.kop.traceer_id == tid
                        self.delivered[tid] = fetched.body
                        ack = await client.request("DELETE", f"/v1/postvak/{tid}")
                        assert ack.status == 204
            except Exception as exc:  # noqa: BLE001 - recorded and asserted on
                self.failures.append(f"poll: {exc!r}")
            await asyncio.sleep(0.05)
            if self.stop.is_set() and self.failures:
                return

    async def more(self, count: int = 3) -> list[str]:
        """Wait until ``count`` more messages were accepted and delivered."""
        target = len(self.sent) + count
        for _ in range(600):
            if len(self.sent) >= target and all(t in self.delivered for t in self.sent[:target]):
                return self.sent[target - count : target]
            assert not self.failures, self.failures
            await asyncio.sleep(0.05)
        raise AssertionError(f"traffic stalled: {len(self.sent)} sent, failures {self.failures}")


def write_config(gw: RunningGateway, **spec: object) -> None:
    text = render_gateway_toml(
        replace(GatewayConfigSpec(), port=0, ops_port=0, data_dir=str(gw.config.data_dir), **spec)  # type: ignore[arg-type]
    )
    tmp = gw.config.source.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, gw.config.source)


async def certificaten(gw: RunningGateway, pki: DevPki) -> dict[str, list[dict[str, str]]]:
    async with GatewayClient(url(gw), Identity.from_party_dir(pki.root / ZK)) as zk:
        result: dict[str, list[dict[str, str]]] = (
            await zk.request("GET", "/v1/certificaten")
        ).json()
        return result


def published(entries: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(e["sha256"], e["status"]) for e in entries]


def sha(cert: x509.Certificate | Path) -> str:
    return fingerprint(load_certificate(cert) if isinstance(cert, Path) else cert)


async def served_tls_certificate(gw: RunningGateway, identity: Identity) -> bytes:
    ctx: ssl.SSLContext = client_context(identity.ca, identity.tls_cert, identity.tls_key)
    _reader, writer = await asyncio.open_connection("localhost", gw.api_port, ssl=ctx)
    try:
        der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        assert isinstance(der, bytes)
        return der
    finally:
        writer.close()
        await writer.wait_closed()


async def test_every_key_rolls_with_traffic_flowing_and_nothing_is_refused(
    start: GatewayFactory, fresh_pki: DevPki
) -> None:
    pki = fresh_pki
    ca = DevCA.load(pki.ca_cert, pki.ca_key)
    gw = await start(pki)
    gw_dir, provider_dir, zk_dir = pki.gateway_dir, pki.root / PROVIDER, pki.root / ZK
    old_zk = load_key_pair(zk_dir / "enc.crt", zk_dir / "enc.key")
    traffic = Traffic(gw, pki, Identity.from_party_dir(provider_dir), (old_zk,))
    tasks = [asyncio.create_task(traffic.send_loop()), asyncio.create_task(traffic.poll_loop())]
    try:
        await traffic.more()

        # 1. The gateway's TLS server certificate: new files in place, reload.
        old_tls = load_certificate(gw_dir / "tls.crt")
        new_tls = ca.issue(
            common_name="meerzorg-gateway", purpose=Purpose.TLS_SERVER, key_type=KeyType.EC_P256
        )
        crt, key = new_tls.write(gw_dir, "tls-next")
        os.replace(key, gw_dir / "tls.key")  # reload reads both, only when asked
        os.replace(crt, gw_dir / "tls.crt")
        assert await gw.reload()
        served = await served_tls_certificate(gw, traffic.provider)
        assert served == new_tls.certificate.public_bytes(Encoding.DER)
        assert served != old_tls.public_bytes(Encoding.DER)
        await traffic.more()

        # 2. The gateway's encryption key: the new pair listed last is actueel at once,
        #    the old one stays as vorig (an envelope encrypted to it is still accepted).
        ca.issue(common_name="meerzorg-gateway encryption 2", purpose=Purpose.ENC).write(
            gw_dir, "enc2"
        )
        enc2 = KeyPairPaths("gateway/enc2.crt", "gateway/enc2.key")
        # One published ahead: valid from tomorrow, volgend, not used by senders yet.
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        ca.issue(
            common_name="meerzorg-gateway encryption 3", purpose=Purpose.ENC, not_before=tomorrow
        ).write(gw_dir, "enc3")
        enc3 = KeyPairPaths("gateway/enc3.crt", "gateway/enc3.key")
        write_config(gw, encryption_keys=(ENC, enc2, enc3))
        assert await gw.reload()
        published_enc = published((await certificaten(gw, pki))["versleuteling"])
        assert published_enc == [
            (sha(gw_dir / "enc.crt"), "vorig"),
            (sha(gw_dir / "enc2.crt"), "actueel"),
            (sha(gw_dir / "enc3.crt"), "volgend"),
        ]
        async with GatewayClient(url(gw), traffic.provider) as provider:
            enc, _sign = await provider.gateway_certificates()
            assert sha(enc[0]) == sha(gw_dir / "enc2.crt")
            assert sha(gw_dir / "enc3.crt") not in {sha(c) for c in enc}
            # A provider that cached the previous certificate: still accepted.
            envelope, kop = envelope_for(pki, recipient=load_certificate(gw_dir / "enc.crt"))
            assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
            traffic.sent.append(kop.traceer_id)
        await traffic.more()

        # 3. The receipt-signing key: [[keys.signing]], the new one signs, both published.
        ca.issue(
            common_name="meerzorg-gateway receipts 2",
            purpose=Purpose.SIGN,
            key_type=KeyType.EC_P256,
        ).write(gw_dir, "sign2")
        sign2 = KeyPairPaths("gateway/sign2.crt", "gateway/sign2.key")
        write_config(gw, encryption_keys=(ENC, enc2, enc3), signing_keys=(SIGN, sign2))
        assert await gw.reload()
        published_sign = published((await certificaten(gw, pki))["ondertekening"])
        assert published_sign == [
            (sha(gw_dir / "sign.crt"), "vorig"),
            (sha(gw_dir / "sign2.crt"), "actueel"),
        ]
        assert gw.ctx.signing_key.certificate == load_certificate(gw_dir / "sign2.crt")
        await traffic.more()

        # 4. The provider's TLS and signing certificates: any valid one of AGB-12345678.
        party = f"AGB-{PROVIDER_AGB}"
        ca.issue(common_name="De Linde 2", purpose=Purpose.SIGN, party=party).write(
            provider_dir, "sign2"
        )
        tls2 = ca.issue(common_name="De Linde 2", purpose=Purpose.TLS_CLIENT, party=party).write(
            provider_dir, "tls2"
        )
        traffic.provider = replace(
            traffic.provider,
            tls_cert=tls2[0],
            tls_key=tls2[1],
            sign=load_key_pair(provider_dir / "sign2.crt", provider_dir / "sign2.key"),
        )
        await traffic.more()

        # 5. The zorgkantoor's encryption key: it decrypts with both from now on; the
        #    registry lists both; deliveries use the newest valid one.
        new_zk_paths = ca.issue(
            common_name="Zorgkantoor Midden-Nederland 2", purpose=Purpose.ENC, party="ZK-5509"
        ).write(zk_dir, "enc2")
        new_zk = load_key_pair(*new_zk_paths)
        traffic.zk_keys = (old_zk, new_zk)
        holders = [
            replace(h, encryption_certificates=(*h.encryption_certificates, "zk-5509/enc2.crt"))
            if h.id == ZK
            else h
            for h in DEMO_CONCESSIEHOUDERS
        ]
        tmp = pki.participants_config.with_suffix(".tmp")
        tmp.write_text(render_participants_toml(concessiehouders=holders))
        os.replace(tmp, pki.participants_config)
        assert await gw.reload()
        await traffic.more(1)  # the one sender may have had a message in flight
        after = await traffic.more()
        for tid in after:  # encrypted to the new certificate only
            opened = open_delivery(
                traffic.delivered[tid],
                DecryptionKeyRing([new_zk]),
                traffic.provider.trust(),
                MessageTypeRegistry.load().envelope_schema,
            )
            assert opened.kop.traceer_id == tid
    finally:
        traffic.stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
    assert not traffic.failures, traffic.failures
    assert set(traffic.sent) == set(traffic.delivered)

    # Every receipt (Ontvangst- and Afleverbevestigingen, signed by the old or the new
    # key) verifies against the certificates the gateway publishes now.
    async with GatewayClient(url(gw), traffic.provider) as provider:
        _enc, signers = await provider.gateway_certificates()
        assert len(signers) == 2
        seen: set[str] = set()
        while True:
            listing = (await provider.request("GET", "/v1/bevestigingen")).json()
            if not listing["bevestigingen"]:
                break
            for item in listing["bevestigingen"]:
                body = (
                    await provider.request("GET", f"/v1/bevestigingen/{item['bevestigingId']}")
                ).body
                info = verify_receipt(body, signers)
                seen.add(f"{info.soort}:{info.traceer_id}")
                ack = await provider.request("DELETE", f"/v1/bevestigingen/{item['bevestigingId']}")
                assert ack.status == 204
    for tid in traffic.sent:
        assert f"Ontvangstbevestiging:{tid}" in seen
        assert f"Afleverbevestiging:{tid}" in seen


def test_rollover_status_follows_validity_and_configuration_order(fresh_pki: DevPki) -> None:
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    now = datetime.now(UTC)

    def cert(**kw: datetime) -> x509.Certificate:
        return ca.issue(common_name="gw enc", purpose=Purpose.ENC, **kw).certificate  # type: ignore[arg-type]

    old, new = cert(), cert()
    ahead = cert(not_before=now + timedelta(days=1))
    expired = cert(not_before=now - timedelta(days=10), not_after=now - timedelta(days=1))
    assert rollover_status([expired, old, new, ahead], now) == [None, VORIG, ACTUEEL, VOLGEND]
    # The order in the configuration decides between two valid ones, not notBefore.
    assert rollover_status([new, old], now) == [VORIG, ACTUEEL]
    # Once the one published ahead is valid it is actueel without a reload.
    later = now + timedelta(days=2)
    assert rollover_status([old, new, ahead], later) == [VORIG, VORIG, ACTUEEL]


def test_keys_signing_is_a_table_or_a_list(fresh_pki: DevPki, tmp_path: Path) -> None:
    single = load_gateway_config(fresh_pki.gateway_config)
    assert single.signing_keys == (single.signing_key,)
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    ca.issue(common_name="gw receipts 2", purpose=Purpose.SIGN).write(fresh_pki.gateway_dir, "s2")
    listed = fresh_pki.root / "listed.toml"
    listed.write_text(
        render_gateway_toml(
            replace(
                GatewayConfigSpec(),
                signing_keys=(SIGN, KeyPairPaths("gateway/s2.crt", "gateway/s2.key")),
            )
        )
    )
    config = load_gateway_config(listed)
    assert [k.certificate.name for k in config.signing_keys] == ["sign.crt", "s2.crt"]
    assert config.signing_key == config.signing_keys[-1]
    broken = fresh_pki.root / "broken.toml"
    broken.write_text(
        render_gateway_toml(GatewayConfigSpec()).replace(
            'certificate = "gateway/sign.crt"', 'cert = "gateway/sign.crt"'
        )
    )
    with pytest.raises(ConfigError, match=r"\[keys.signing\] #1"):
        load_gateway_config(broken)
