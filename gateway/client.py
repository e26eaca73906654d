"""A participant's side of protocol v1: what ``meerzorg-gateway send``, ``receipts``
and ``inbox`` use, and what the tests drive the real server with.

It does everything an independent integrator must do: sign the payload, encrypt
it to a gateway certificate it has checked, verify every receipt's signature and
digest, and (for a zorgkantoor) decrypt and verify the provider's signature.
"""

from __future__ import annotations

import base64
import hashlib
import io
import ssl
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
from cryptography import x509
from lxml import etree

from gateway import PROTOCOL_NAMESPACE as NS
from gateway.domain.envelope import Kop
from gateway.domain.errors import CertificateRejected, GatewayError
from gateway.domain.participants import PartyCode, party_code_for
from gateway.security import xmlenc
from gateway.security.certs import CertificatePurpose, TrustStore, party_code_of
from gateway.security.keys import DecryptionKeyRing, KeyPair, load_key_pair
from gateway.security.xmldsig import sign_document, verify_signature
from gateway.security.xmlparse import parse_untrusted
from gateway.web.tls import client_context
from gateway.xmlcodec import build_kop, parse_envelope, parse_time, q, render_envelope

_N = {"b": NS}


class ClientError(Exception):
    """Something the participant's side refuses (a bad receipt, an untrusted certificate)."""


@dataclass(frozen=True)
class Identity:
    """A participant's files: TLS client certificate, CA and CRL, signing and decryption keys."""

    ca: Path
    crl: Path
    tls_cert: Path
    tls_key: Path
    sign: KeyPair | None = None
    decrypt: tuple[KeyPair, ...] = ()

    @classmethod
    def from_party_dir(
        cls, directory: Path, *, ca: Path | None = None, crl: Path | None = None
    ) -> Identity:
        """A dev-PKI party directory: tls.crt/key, and sign.crt/key and/or enc.crt/key."""
        ca = ca or directory.parent / "ca.crt"
        crl = crl or directory.parent / "crl.pem"
        sign = enc = None
        # Both roles may hold both pairs (issue 13); a pair is loaded only when complete,
        # so a command that does not need it is not stopped by its absence.
        if (directory / "sign.crt").exists() and (directory / "sign.key").exists():
            sign = load_key_pair(directory / "sign.crt", directory / "sign.key")
        if (directory / "enc.crt").exists() and (directory / "enc.key").exists():
            enc = load_key_pair(directory / "enc.crt", directory / "enc.key")
        return cls(
            ca, crl, directory / "tls.crt", directory / "tls.key", sign, (enc,) if enc else ()
        )

    def trust(self) -> TrustStore:
        return TrustStore.from_files([self.ca], [self.crl])

    def ssl_context(self) -> ssl.SSLContext:
        return client_context(self.ca, self.tls_cert, self.tls_key)


@dataclass(frozen=True)
class ReceiptInfo:
    """A verified receipt."""

    soort: str
    bevestiging_id: str
    traceer_id: str
    status: str
    tijdstip: str
    digest: bytes
    meldingen: list[dict[str, str]] = field(default_factory=list)
    xml: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str

    def json(self) -> Any:
        import json

        return json.loads(self.body)


@dataclass(frozen=True)
class Sent:
    """What ``GatewayClient.submit`` sent and got back."""

    response: Response
    receipt: ReceiptInfo | None
    envelope: bytes
    signed_payload: bytes


# Our own message types carry a Berichtkop; a payload in an external standard (iWlz)
# is that standard's document, whose own Header is the Kop (README, protocol notes).
MEERZORG_NAMESPACE_PREFIX = "urn:nl:meerzorg:"


def add_berichtkop(payload: bytes, kop: Kop) -> etree._Element:
    """The payload root with ``kop``'s Berichtkop as its first child (replacing one there);
    a document in an external standard's namespace is returned as it is."""
    root = parse_untrusted(payload).getroot()
    if not etree.QName(root).namespace or not str(etree.QName(root).namespace).startswith(
        MEERZORG_NAMESPACE_PREFIX
    ):
        return root
    children = [c for c in root if isinstance(c.tag, str)]
    if children and children[0].tag == q("Berichtkop"):
        root.remove(children[0])
    holder = etree.Element("holder")
    bk = build_kop(holder, kop, local="Berichtkop")
    root.insert(0, bk)
    return root


def build_envelope(
    payload: bytes,
    kop: Kop,
    signer: KeyPair,
    recipient: x509.Certificate,
) -> tuple[bytes, bytes]:
    """Sign ``payload`` (with the Berichtkop for ``kop``) and encrypt it into an envelope.

    Returns (envelope bytes, signed payload bytes).
    """
    signed = sign_document(add_berichtkop(payload, kop), signer)
    encrypted = xmlenc.encrypt_bytes(signed, recipient)
    return render_envelope(kop, encrypted), signed


def new_kop(
    *,
    bericht_type: str,
    afzender: str,
    geadresseerde: str,
    versie: str = "1.0",
    conversatie_id: str | None = None,
    als_antwoord_op: str | None = None,
    now: datetime | None = None,
) -> Kop:
    """A fresh Kop with a new TraceerId."""
    return Kop(
        traceer_id=str(uuid.uuid4()),
        bericht_type=bericht_type,
        bericht_versie=versie,
        afzender=afzender,
        geadresseerde=geadresseerde,
        aanmaaktijdstip=(now or datetime.now(UTC)).replace(microsecond=0),
        conversatie_id=conversatie_id,
        als_antwoord_op=als_antwoord_op,
    )


def verify_receipt(xml: bytes, gateway_signers: list[x509.Certificate]) -> ReceiptInfo:
    """Check a receipt's signature against the gateway's published signing certificates."""
    tree = parse_untrusted(xml)
    last_error: Exception | None = None
    for cert in gateway_signers:
        try:
            verified = verify_signature(tree, expected_signer=cert)
            break
        except GatewayError as exc:
            last_error = exc
    else:
        raise ClientError(f"receipt signature not valid: {last_error}")
    root = verified.root
    digest_text = root.findtext("b:BerichtDigest", namespaces=_N) or ""
    return ReceiptInfo(
        soort=etree.QName(root).localname,
        bevestiging_id=root.findtext("b:BevestigingId", namespaces=_N) or "",
        traceer_id=root.findtext("b:TraceerId", namespaces=_N) or "",
        status=root.findtext("b:Status", namespaces=_N) or "",
        tijdstip=root.findtext("b:Tijdstip", namespaces=_N) or "",
        digest=base64.b64decode(digest_text),
        meldingen=[
            {c.tag.split("}")[1]: (c.text or "") for c in m}
            for m in root.iterfind("b:Meldingen/b:Melding", namespaces=_N)
        ],
        xml=xml,
    )


@dataclass(frozen=True)
class OpenedMessage:
    kop: Kop
    payload: bytes
    signer_party: PartyCode


def open_delivery(
    envelope: bytes, keys: DecryptionKeyRing, trust: TrustStore, envelope_schema: etree.XMLSchema
) -> OpenedMessage:
    """Decrypt a delivery envelope and verify the sender's signature (the recipient's side:
    a zorgkantoor opening a provider's message, or a provider a zorgkantoor's)."""
    _tree, kop, encrypted = parse_envelope(envelope, envelope_schema)
    received = _tree.getroot().findtext("b:Kop/b:Ontvangsttijdstip", namespaces=_N)
    if received:
        kop = replace(kop, ontvangsttijdstip=parse_time(received))
    payload = bytes(xmlenc.decrypt_encrypted_data(encrypted, keys))
    verified = verify_signature(parse_untrusted(payload))
    try:
        trust.check(verified.signer, CertificatePurpose.SIGNING)
    except CertificateRejected as exc:
        raise ClientError(f"the sender's signing certificate is not trusted: {exc}") from exc
    if verified.party != party_code_for(kop.afzender):
        raise ClientError("the payload is not signed by the Afzender")
    return OpenedMessage(kop, payload, verified.party)


class GatewayClient:
    """Async client over mutual TLS."""

    def __init__(self, base_url: str, identity: Identity) -> None:
        self.base_url = base_url.rstrip("/")
        self.identity = identity
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> GatewayClient:
        connector = aiohttp.TCPConnector(ssl=self.identity.ssl_context())
        self._session = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "application/xml",
    ) -> Response:
        assert self._session is not None, "use 'async with GatewayClient(...)'"
        headers = {"Content-Type": content_type} if body is not None else {}
        # A file-like body is streamed in chunks instead of blocking the event loop.
        data = io.BytesIO(body) if body is not None else None
        async with self._session.request(
            method, self.base_url + path, data=data, headers=headers
        ) as resp:
            return Response(resp.status, await resp.read(), resp.content_type)

    async def gateway_certificates(self) -> tuple[list[x509.Certificate], list[x509.Certificate]]:
        """The gateway's encryption and receipt-signing certificates, checked against our CA.

        Encryption: the ``actueel`` one first (then any other valid one, newest first;
        ``volgend`` ones are left out); send encrypts to the first. Signing: every
        published one that is valid now, since a receipt signed just before a switch
        carries the previous key.
        """
        resp = await self.request("GET", "/v1/certificaten")
        if resp.status != 200:
            raise ClientError(f"GET /v1/certificaten answered {resp.status}")
        data = resp.json()
        trust = self.identity.trust()
        now = datetime.now(UTC)

        def checked(
            entries: list[dict[str, str]], purpose: CertificatePurpose
        ) -> list[tuple[str, x509.Certificate]]:
            result = []
            for entry in entries:
                if entry.get("status") == "volgend":
                    continue  # published ahead, not to be used yet
                cert = x509.load_pem_x509_certificate(entry["certificaat"].encode())
                try:
                    trust.check(cert, purpose, now=now)
                except CertificateRejected:
                    continue
                result.append((entry.get("status", ""), cert))
            return result

        enc_entries = checked(data["versleuteling"], CertificatePurpose.ENCRYPTION)
        # The actueel one first; a gateway without statuses: the newest first.
        enc_entries.sort(key=lambda e: (e[0] == "actueel", e[1].not_valid_before_utc), reverse=True)
        enc = [cert for _status, cert in enc_entries]
        signing = checked(data["ondertekening"], CertificatePurpose.SIGNING)
        sign = [cert for _status, cert in signing]
        if not enc or not sign:
            raise ClientError("the gateway publishes no certificate that our CA trusts")
        return enc, sign

    async def send(self, payload: bytes, kop: Kop) -> tuple[Response, ReceiptInfo | None, bytes]:
        """Sign, encrypt, post; verify the receipt. Returns (response, receipt, envelope)."""
        sent = await self.submit(payload, kop)
        return sent.response, sent.receipt, sent.envelope

    async def submit(self, payload: bytes, kop: Kop) -> Sent:
        """``send``, also returning the signed payload (whose lines the receipt names)."""
        if self.identity.sign is None:
            raise ClientError("no signing key")
        enc, sign = await self.gateway_certificates()
        recipient = enc[0]  # the actueel encryption certificate
        envelope, signed = build_envelope(payload, kop, self.identity.sign, recipient)
        resp = await self.request("POST", "/v1/berichten", body=envelope)
        receipt = None
        if resp.content_type == "application/xml":
            try:
                receipt = verify_receipt(resp.body, sign)
            except ClientError:
                # The gateway may have switched its receipt-signing key since we fetched
                # the list (a rollover): fetch it again, once.
                _enc, sign = await self.gateway_certificates()
                receipt = verify_receipt(resp.body, sign)
            if receipt.digest != hashlib.sha256(envelope).digest():
                raise ClientError("receipt BerichtDigest does not match the envelope sent")
        return Sent(resp, receipt, envelope, signed)


def own_party(identity: Identity) -> PartyCode | None:
    """The party code in our own TLS certificate."""
    return party_code_of(x509.load_pem_x509_certificate(identity.tls_cert.read_bytes()))
