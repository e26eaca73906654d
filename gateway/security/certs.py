"""Certificate identity and trust (protocol section 1).

Identity: the party code is read from the certificate itself, from the subject
``serialNumber`` (``AGB-12345678``, ``ZK-5509``) or from a UZI server
certificate's ``otherName`` (OID 2.5.5.5) whose last field is the AGB code.

Trust: a certificate is accepted only if it chains to a configured anchor, is
within its validity period, has the key usage its purpose needs, and is not
revoked according to a *current* CRL of every issuer on its path (fail closed).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from gateway.domain.errors import CertificateRejected
from gateway.domain.participants import PartyCode, PartyKind

UZI_OTHERNAME_OID = x509.ObjectIdentifier("2.5.5.5")
# Used with fullmatch: "$" alone would accept a trailing newline ("AGB-12345678\n").
_SERIAL_RE = re.compile(r"(AGB)-([0-9]{8})|(ZK)-([0-9]{4})")
_AGB_RE = re.compile(r"[0-9]{8}")
# CRLs and certificates are compared with a little tolerance for clock skew.
CLOCK_SKEW = timedelta(minutes=5)
# Bound on remembered trust decisions per TrustStore (one per live certificate).
MAX_CACHED_DECISIONS = 10_000


class CertificatePurpose(StrEnum):
    """What a certificate is used for; each needs its own key usage."""

    TLS_CLIENT = "tls-client"
    SIGNING = "signing"
    ENCRYPTION = "encryption"


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, lowercase hex."""
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def _decode_ia5string(der: bytes) -> str | None:
    """Decode a DER IA5String (tag 0x16); None if it is anything else."""
    if len(der) < 2 or der[0] != 0x16:
        return None
    length = der[1]
    offset = 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4 or len(der) < 2 + n:
            return None
        length = int.from_bytes(der[2 : 2 + n], "big")
        offset = 2 + n
    body = der[offset : offset + length]
    if len(body) != length or offset + length != len(der):
        return None
    try:
        return body.decode("ascii")
    except UnicodeDecodeError:
        return None


def _parties_from_uzi(cert: x509.Certificate) -> set[PartyCode]:
    """Every AGB code the UZI otherNames name (more than one makes the certificate ambiguous)."""
    found: set[PartyCode] = set()
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return found
    for other in san.get_values_for_type(x509.OtherName):
        if other.type_id != UZI_OTHERNAME_OID:
            continue
        text = _decode_ia5string(other.value)
        if text is None:
            continue
        # <OID CA>-<version>-<UZI nr>-S-<abonneenummer>-00.000-<AGB code>
        fields = text.split("-")
        if len(fields) >= 7 and fields[3] == "S" and _AGB_RE.fullmatch(fields[-1]):
            found.add(PartyCode(PartyKind.AGB, fields[-1]))
    return found


def party_code_of(cert: x509.Certificate) -> PartyCode | None:
    """The participant code a certificate names, or None if it names none (or two)."""
    found: set[PartyCode] = set()
    for attr in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = attr.value if isinstance(attr.value, str) else attr.value.decode("ascii", "replace")
        match = _SERIAL_RE.fullmatch(value)
        if match:
            if match.group(1):
                found.add(PartyCode(PartyKind.AGB, match.group(2)))
            else:
                found.add(PartyCode(PartyKind.ZK, match.group(4)))
    found |= _parties_from_uzi(cert)
    # A certificate naming two different parties is ambiguous: trust neither.
    return found.pop() if len(found) == 1 else None


def _has_key_usage(cert: x509.Certificate, purpose: CertificatePurpose) -> bool:
    """KeyUsage as the purpose needs; a TLS client certificate must also name clientAuth.

    A certificate without an ExtendedKeyUsage is "any purpose" to RFC 5280 and to
    OpenSSL's handshake, which would let a provider's signing certificate log in;
    for TLS clients the gateway insists on the clientAuth usage explicitly.
    """
    if purpose is CertificatePurpose.TLS_CLIENT:
        try:
            eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            return False
        if x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH not in eku:
            return False
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    if purpose is CertificatePurpose.ENCRYPTION:
        return bool(ku.key_encipherment)
    return bool(ku.digital_signature)


def _check_key_strength(cert: x509.Certificate) -> None:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise CertificateRejected("RSA key shorter than 2048 bits")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in {"secp256r1", "secp384r1", "secp521r1"}:
            raise CertificateRejected("elliptic curve not allowed")
    else:
        raise CertificateRejected("key type not allowed")


@dataclass(frozen=True)
class CrlStatus:
    """What an operator may see of a loaded CRL: issuer, age, next update."""

    issuer: str
    this_update: datetime
    next_update: datetime | None
    revoked_count: int
    source: str

    def age_seconds(self, now: datetime) -> float:
        """Seconds since the CRL's thisUpdate."""
        return (now - self.this_update).total_seconds()

    def seconds_to_next_update(self, now: datetime) -> float | None:
        """Seconds until nextUpdate (negative once passed); None when it names none."""
        return None if self.next_update is None else (self.next_update - now).total_seconds()

    def stale(self, now: datetime) -> bool:
        """No nextUpdate, or it has passed: the CRL is not current."""
        return self.next_update is None or self.next_update <= now


@dataclass(frozen=True)
class TrustStore:
    """Trust anchors plus the CRLs in force; immutable, swapped whole on reload."""

    anchors: tuple[x509.Certificate, ...]
    crls: tuple[tuple[x509.CertificateRevocationList, str], ...] = ()
    _crl_by_issuer: dict[bytes, x509.CertificateRevocationList] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Successful decisions, valid while every certificate and CRL on the path is:
    # (certificate DER, purpose) -> (chain, valid from, valid until). Discarded
    # with the store itself when anchors or CRLs are reloaded.
    _decisions: dict[
        tuple[bytes, CertificatePurpose],
        tuple[list[x509.Certificate], datetime, datetime],
    ] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.anchors:
            raise ValueError("at least one trust anchor is required")
        anchors = {a.subject.public_bytes(): a for a in self.anchors}
        for crl, source in self.crls:
            key = crl.issuer.public_bytes()
            anchor = anchors.get(key)
            # A CRL of an anchor is checked now; one of an intermediate CA is checked
            # against that CA's certificate when a chain through it is validated.
            if anchor is not None and not crl.is_signature_valid(anchor.public_key()):  # type: ignore[arg-type]
                raise ValueError(f"CRL {source} has an invalid signature")
            current = self._crl_by_issuer.get(key)
            # Keep the newest CRL of each issuer.
            if current is None or crl.last_update_utc > current.last_update_utc:
                self._crl_by_issuer[key] = crl

    @classmethod
    def from_files(cls, anchors: Sequence[Path], crls: Sequence[Path]) -> TrustStore:
        """Load PEM anchors and CRLs (PEM or DER)."""
        certs: list[x509.Certificate] = []
        for path in anchors:
            certs.extend(x509.load_pem_x509_certificates(path.read_bytes()))
        loaded: list[tuple[x509.CertificateRevocationList, str]] = []
        for path in crls:
            data = path.read_bytes()
            crl = (
                x509.load_pem_x509_crl(data)
                if data.lstrip().startswith(b"-----")
                else x509.load_der_x509_crl(data)
            )
            loaded.append((crl, str(path)))
        return cls(tuple(certs), tuple(loaded))

    def crl_status(self) -> list[CrlStatus]:
        """The CRLs in force, for operations endpoints and logs."""
        return [
            CrlStatus(
                issuer=crl.issuer.rfc4514_string(),
                this_update=crl.last_update_utc,
                next_update=crl.next_update_utc,
                revoked_count=len(crl),
                source=source,
            )
            for crl, source in self.crls
        ]

    def crls_current(self, now: datetime) -> bool:
        """True when every anchor has a CRL that has not passed its nextUpdate."""
        for anchor in self.anchors:
            crl = self._crl_by_issuer.get(anchor.subject.public_bytes())
            if crl is None or not _crl_is_current(crl, now):
                return False
        return True

    def check(
        self,
        cert: x509.Certificate,
        purpose: CertificatePurpose,
        *,
        intermediates: Iterable[x509.Certificate] = (),
        now: datetime | None = None,
    ) -> list[x509.Certificate]:
        """Validate ``cert`` for ``purpose``; return its chain (leaf first) or raise.

        A success is remembered for as long as it stays true on its own (every
        certificate on the path valid, every CRL used current), so a busy
        participant's certificate is not re-verified on every request; failures
        are never remembered.
        """
        now = now or datetime.now(UTC)
        extra = list(intermediates)
        key = (cert.public_bytes(Encoding.DER), purpose)
        if not extra:
            cached = self._decisions.get(key)
            if cached is not None and cached[1] <= now < cached[2]:
                return list(cached[0])
        chain = self._check_uncached(cert, purpose, extra, now)
        if not extra:
            if len(self._decisions) >= MAX_CACHED_DECISIONS:
                self._decisions.clear()
            self._decisions[key] = (chain, *self._valid_window(chain))
        return list(chain)

    def _valid_window(self, chain: list[x509.Certificate]) -> tuple[datetime, datetime]:
        """When a decision on ``chain`` holds: all certificates valid, all CRLs current."""
        start = max(c.not_valid_before_utc for c in chain)
        end = min(c.not_valid_after_utc for c in chain)
        for issuer in chain[1:]:
            crl = self._crl_by_issuer[issuer.subject.public_bytes()]
            start = max(start, crl.last_update_utc - CLOCK_SKEW)
            if crl.next_update_utc is not None:
                end = min(end, crl.next_update_utc)
        return start, end

    def _check_uncached(
        self,
        cert: x509.Certificate,
        purpose: CertificatePurpose,
        intermediates: list[x509.Certificate],
        now: datetime,
    ) -> list[x509.Certificate]:
        _check_key_strength(cert)
        if not _has_key_usage(cert, purpose):
            raise CertificateRejected(f"key usage does not allow {purpose.value}")
        builder = (
            PolicyBuilder()
            .store(Store(list(self.anchors)))
            .time(now)
            .max_chain_depth(4)
            .extension_policies(
                ee_policy=ExtensionPolicy.permit_all(),
                ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            )
        )
        try:
            verified = builder.build_client_verifier().verify(cert, intermediates)
        except VerificationError as exc:
            raise CertificateRejected("certificate does not chain to a trust anchor") from exc
        chain = list(verified.chain)
        # Revocation, fail closed: every non-anchor certificate on the path needs a
        # current CRL from its issuer, and must not be on it.
        for child, issuer in itertools.pairwise(chain):
            crl = self._crl_by_issuer.get(issuer.subject.public_bytes())
            if crl is None:
                raise CertificateRejected("no CRL for the issuer")
            if not _crl_is_current(crl, now):
                raise CertificateRejected("the issuer's CRL is not current")
            if not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
                raise CertificateRejected("the issuer's CRL has an invalid signature")
            if crl.get_revoked_certificate_by_serial_number(child.serial_number) is not None:
                raise CertificateRejected("certificate is revoked")
        return chain


def _crl_is_current(crl: x509.CertificateRevocationList, now: datetime) -> bool:
    if crl.last_update_utc > now + CLOCK_SKEW:
        return False
    next_update = crl.next_update_utc
    return next_update is not None and next_update > now
