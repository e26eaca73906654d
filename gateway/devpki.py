"""Development PKI: a dev CA, the demo parties' certificates, a CRL and the demo configuration.

Used by ``meerzorg-gateway dev-pki --out DIR`` and by the test-suite, which also
needs unusual certificates; hence the public, flexible building blocks
(:class:`DevCA`, :class:`Issued`). Never use its output in production.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ORGANIZATION = "Meerzorg Dev"
COUNTRY = "NL"
LEAF_DAYS = 825
CA_DAYS = 3650
CRL_DAYS = 30
BACKDATE = timedelta(hours=1)

# Protocol section 1: UZI server certificates carry the party in a SAN otherName.
UZI_OTHER_NAME_OID = ObjectIdentifier("2.5.5.5")
UZI_CA_OID = "2.16.528.1.1003.1.3.5.5.2"
UZI_VERSION = "1"
UZI_NUMBER = "12345678"
UZI_ABONNEENUMMER = "90000123"

_IA5STRING_TAG = 0x16


class DevPkiError(Exception):
    """A dev PKI operation could not be done (existing output, unknown party, bad files)."""


class KeyType(StrEnum):
    RSA2048 = "rsa2048"
    RSA4096 = "rsa4096"
    EC_P256 = "ec-p256"


class Purpose(StrEnum):
    TLS_SERVER = "tls-server"
    TLS_CLIENT = "tls-client"
    SIGN = "sign"
    ENC = "enc"


def generate_key(key_type: KeyType) -> PrivateKey:
    """Generate a fresh private key of the given type."""
    if key_type is KeyType.RSA2048:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if key_type is KeyType.RSA4096:
        return rsa.generate_private_key(public_exponent=65537, key_size=4096)
    return ec.generate_private_key(ec.SECP256R1())


def default_key_usage(purpose: Purpose, key: PrivateKey) -> x509.KeyUsage:
    """The KeyUsage a certificate for this purpose and key gets (protocol section 1)."""
    is_rsa = isinstance(key, rsa.RSAPrivateKey)
    tls = purpose in (Purpose.TLS_SERVER, Purpose.TLS_CLIENT)
    enc = purpose is Purpose.ENC
    return x509.KeyUsage(
        digital_signature=tls or purpose is Purpose.SIGN,
        content_commitment=purpose is Purpose.SIGN,
        key_encipherment=(tls and is_rsa) or (enc and is_rsa),
        data_encipherment=enc and is_rsa,
        # An EC key cannot encipher; an EC "encryption" key is a key-agreement key.
        key_agreement=enc and not is_rsa,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def default_extended_key_usage(purpose: Purpose) -> list[ObjectIdentifier]:
    """The EKU OIDs for this purpose; empty means no ExtendedKeyUsage extension."""
    if purpose is Purpose.TLS_SERVER:
        return [ExtendedKeyUsageOID.SERVER_AUTH]
    if purpose is Purpose.TLS_CLIENT:
        return [ExtendedKeyUsageOID.CLIENT_AUTH]
    return []


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode_ia5string(text: str) -> bytes:
    """DER-encode an ASN.1 IA5String (tag 0x16, DER length, ASCII bytes)."""
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError("an IA5String holds ASCII characters only") from exc
    return bytes([_IA5STRING_TAG]) + _der_length(len(data)) + data


def uzi_identifier(
    agb: str, *, uzi_number: str = UZI_NUMBER, abonneenummer: str = UZI_ABONNEENUMMER
) -> str:
    """The UZI SAN string ``<OID CA>-<version>-<UZI nr>-S-<abonneenummer>-00.000-<AGB>``."""
    return f"{UZI_CA_OID}-{UZI_VERSION}-{uzi_number}-S-{abonneenummer}-00.000-{agb}"


def uzi_other_name(agb: str) -> x509.OtherName:
    """A UZI-style SAN otherName (OID 2.5.5.5, IA5String) naming this AGB code."""
    return x509.OtherName(UZI_OTHER_NAME_OID, encode_ia5string(uzi_identifier(agb)))


def _subject(common_name: str, party: str | None = None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, COUNTRY),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if party is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, party))
    return x509.Name(attributes)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _key_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_pem(certificates: Iterable[x509.Certificate]) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def _write_private(path: Path, data: bytes) -> None:
    """Write a secret file readable by its owner only, even if it existed before."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace a file in one step so a reader never sees half of it."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _load_private_key(path: Path) -> PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise DevPkiError(f"{path}: only RSA and EC keys are supported")
    return key


def _public_key_matches(certificate: x509.Certificate, key: PrivateKey) -> bool:
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return certificate.public_key().public_bytes(der, spki) == key.public_key().public_bytes(
        der, spki
    )


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key, and the intermediates between it and the root."""

    certificate: x509.Certificate
    private_key: PrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    def write(self, directory: Path, name: str) -> tuple[Path, Path]:
        """Write NAME.crt (leaf then intermediates, PEM) and NAME.key (PKCS8 PEM, mode 0o600)."""
        directory.mkdir(parents=True, exist_ok=True)
        cert_path = directory / f"{name}.crt"
        key_path = directory / f"{name}.key"
        cert_path.write_bytes(_cert_pem((self.certificate, *self.chain)))
        _write_private(key_path, _key_pem(self.private_key))
        return cert_path, key_path


@dataclass(frozen=True)
class DevCA:
    """A certificate authority that issues dev certificates and signs CRLs."""

    certificate: x509.Certificate
    private_key: PrivateKey
    parents: tuple[x509.Certificate, ...] = field(default=())
    """Issuing certificates above this CA up to the root (empty for a root)."""

    @classmethod
    def create(
        cls,
        common_name: str = "Meerzorg Dev CA",
        *,
        key_type: KeyType = KeyType.EC_P256,
        now: datetime | None = None,
        days: int = CA_DAYS,
        path_length: int | None = None,
    ) -> DevCA:
        """Create a self-signed root CA (no path length limit, so it can have intermediates)."""
        now = now or _utcnow()
        key = generate_key(key_type)
        name = _subject(common_name)
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                critical=False,
            )
            .sign(key, hashes.SHA256())
        )
        return cls(certificate, key)

    @classmethod
    def load(cls, cert_path: Path, key_path: Path) -> DevCA:
        """Load a CA from PEM files; the first certificate is the CA, any others its parents."""
        certificates = x509.load_pem_x509_certificates(cert_path.read_bytes())
        key = _load_private_key(key_path)
        if not _public_key_matches(certificates[0], key):
            raise DevPkiError(f"{key_path} is not the key of {cert_path}")
        return cls(certificates[0], key, tuple(certificates[1:]))

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """This CA's certificate followed by its parents."""
        return (self.certificate, *self.parents)

    def _authority_key_identifier(self) -> x509.AuthorityKeyIdentifier:
        try:
            ski = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        except x509.ExtensionNotFound:
            return x509.AuthorityKeyIdentifier.from_issuer_public_key(self.private_key.public_key())
        return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value)

    def issue(
        self,
        *,
        common_name: str,
        purpose: Purpose,
        party: str | None = None,
        uzi_agb: str | None = None,
        key_type: KeyType = KeyType.RSA2048,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key_usage: x509.KeyUsage | None = None,
        extended_key_usage: Sequence[ObjectIdentifier] | None = None,
        dns_names: Sequence[str] = (),
        ip_addresses: Sequence[IPAddress | str] = (),
        ca: bool = False,
        now: datetime | None = None,
    ) -> Issued:
        """Issue a certificate; the keyword overrides let tests make deliberately wrong ones.

        ``party`` becomes the subject serialNumber (``AGB-12345678``, ``ZK-5509``);
        ``uzi_agb`` adds a UZI otherName SAN. ``extended_key_usage=[]`` omits the EKU.
        ``ca=True`` makes a CA certificate (pathlen 0, keyCertSign and cRLSign).
        """
        now = now or _utcnow()
        key = generate_key(key_type)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_subject(common_name, party))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - BACKDATE)
            .not_valid_after(not_after or now + timedelta(days=CA_DAYS if ca else LEAF_DAYS))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(self._authority_key_identifier(), critical=False)
        )
        if key_usage is None:
            key_usage = _ca_key_usage() if ca else default_key_usage(purpose, key)
        builder = builder.add_extension(key_usage, critical=True)
        if extended_key_usage is None:
            extended_key_usage = [] if ca else default_extended_key_usage(purpose)
        if extended_key_usage:
            ekus = list(extended_key_usage)
            builder = builder.add_extension(x509.ExtendedKeyUsage(ekus), critical=False)
        sans = self._subject_alt_names(purpose, uzi_agb, dns_names, ip_addresses)
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        certificate = builder.sign(self.private_key, hashes.SHA256())
        return Issued(certificate, key, self.chain[:-1])

    @staticmethod
    def _subject_alt_names(
        purpose: Purpose,
        uzi_agb: str | None,
        dns_names: Sequence[str],
        ip_addresses: Sequence[IPAddress | str],
    ) -> list[x509.GeneralName]:
        names: list[str] = list(dns_names)
        addresses: list[IPAddress] = [ipaddress.ip_address(a) for a in ip_addresses]
        if purpose is Purpose.TLS_SERVER:
            names = ["localhost", *(n for n in names if n != "localhost")]
            defaults = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
            addresses = [*defaults, *(a for a in addresses if a not in defaults)]
        sans: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
        sans += [x509.IPAddress(a) for a in addresses]
        if uzi_agb is not None:
            sans.append(uzi_other_name(uzi_agb))
        return sans

    def issue_intermediate(
        self,
        common_name: str,
        *,
        key_type: KeyType = KeyType.EC_P256,
        now: datetime | None = None,
        path_length: int | None = 0,
    ) -> DevCA:
        """Issue a sub-CA (pathlen 0 by default: it issues leaves only)."""
        now = now or _utcnow()
        key = generate_key(key_type)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_subject(common_name))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(now + timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(self._authority_key_identifier(), critical=False)
            .sign(self.private_key, hashes.SHA256())
        )
        return DevCA(certificate, key, self.chain)

    def crl(
        self,
        revoked: Iterable[x509.Certificate | x509.RevokedCertificate | int] = (),
        *,
        this_update: datetime | None = None,
        next_update: datetime | None = None,
        number: int = 1,
    ) -> x509.CertificateRevocationList:
        """A CRL signed by this CA; revoked entries keep their date, others get this_update."""
        this_update = this_update or _utcnow()
        next_update = next_update or this_update + timedelta(days=CRL_DAYS)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(this_update)
            .next_update(next_update)
            .add_extension(self._authority_key_identifier(), critical=False)
            .add_extension(x509.CRLNumber(number), critical=False)
        )
        seen: set[int] = set()
        for item in revoked:
            if isinstance(item, x509.RevokedCertificate):
                entry = item
            else:
                serial = item.serial_number if isinstance(item, x509.Certificate) else item
                entry = (
                    x509.RevokedCertificateBuilder()
                    .serial_number(serial)
                    .revocation_date(this_update)
                    .build()
                )
            if entry.serial_number not in seen:
                seen.add(entry.serial_number)
                builder = builder.add_revoked_certificate(entry)
        return builder.sign(self.private_key, hashes.SHA256())


# --- demo configuration -------------------------------------------------------------------------


def _toml_str(value: str) -> str:
    """A TOML basic string; escapes what TOML requires (quote, backslash, controls, DEL)."""
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
    escapes["\r"] = "\\r"
    out = []
    for char in value:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


@dataclass(frozen=True)
class KeyPairPaths:
    """A certificate and key path as written in gateway.toml (relative to that file)."""

    certificate: str
    key: str


@dataclass(frozen=True)
class GatewayConfigSpec:
    """The values of gateway.toml; defaults are the dev PKI demo. Use dataclasses.replace."""

    host: str = "127.0.0.1"
    port: int = 8443
    ops_host: str = "127.0.0.1"
    ops_port: int = 8080
    data_dir: str = "../data"
    max_body_bytes: int = 20 * 1024 * 1024
    tls: KeyPairPaths = KeyPairPaths("gateway/tls.crt", "gateway/tls.key")
    trust_anchors: tuple[str, ...] = ("ca.crt",)
    crls: tuple[str, ...] = ("crl.pem",)
    encryption_keys: tuple[KeyPairPaths, ...] = (
        KeyPairPaths("gateway/enc.crt", "gateway/enc.key"),
    )
    signing_key: KeyPairPaths = KeyPairPaths("gateway/sign.crt", "gateway/sign.key")
    signing_keys: tuple[KeyPairPaths, ...] = ()
    """If given: written as [[keys.signing]] (oldest first) instead of ``signing_key``."""
    participants_file: str = "participants.toml"
    participants_poll_seconds: float = 5.0
    """How often the gateway looks for changed registry, CRL and anchor files."""
    aanmaaktijdstip_max_age_seconds: int = 86400
    aanmaaktijdstip_max_future_seconds: int = 300
    key_transport: str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    content_encryption: str = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    log_level: str = "info"
    log_format: str = "json"
    audit_secret_file: str = "audit.key"  # noqa: S105 - a file name, not a secret
    extra_toml: str = ""
    """Raw TOML appended at the end (for settings this spec does not know yet)."""


def render_gateway_toml(spec: GatewayConfigSpec | None = None) -> str:
    """The text of gateway.toml for this spec."""
    s = spec or GatewayConfigSpec()
    lines = [
        "# Demo configuration written by `meerzorg-gateway dev-pki`."
        " Paths are relative to this file.",
        "[server]",
        f"host = {_toml_str(s.host)}",
        f"port = {s.port:d}",
        f"ops_host = {_toml_str(s.ops_host)}",
        f"ops_port = {s.ops_port:d}",
        f"data_dir = {_toml_str(s.data_dir)}",
        f"max_body_bytes = {s.max_body_bytes:d}",
        "",
        "[tls]",
        f"certificate = {_toml_str(s.tls.certificate)}",
        f"key = {_toml_str(s.tls.key)}",
        "",
        "[trust]",
        f"anchors = {_toml_list(s.trust_anchors)}",
        f"crls = {_toml_list(s.crls)}",
        "",
    ]
    for pair in s.encryption_keys:
        lines += [
            "[[keys.encryption]]",
            f"certificate = {_toml_str(pair.certificate)}",
            f"key = {_toml_str(pair.key)}",
            "",
        ]
    if s.signing_keys:
        for pair in s.signing_keys:
            lines += [
                "[[keys.signing]]",
                f"certificate = {_toml_str(pair.certificate)}",
                f"key = {_toml_str(pair.key)}",
                "",
            ]
    else:
        lines += [
            "[keys.signing]",
            f"certificate = {_toml_str(s.signing_key.certificate)}",
            f"key = {_toml_str(s.signing_key.key)}",
            "",
        ]
    lines += [
        "[participants]",
        f"file = {_toml_str(s.participants_file)}",
        f"poll_seconds = {s.participants_poll_seconds:g}",
        "",
        "[policy]",
        f"aanmaaktijdstip_max_age_seconds = {s.aanmaaktijdstip_max_age_seconds:d}",
        f"aanmaaktijdstip_max_future_seconds = {s.aanmaaktijdstip_max_future_seconds:d}",
        "",
        "[delivery]",
        f"key_transport = {_toml_str(s.key_transport)}",
        f"content_encryption = {_toml_str(s.content_encryption)}",
        "",
        "[logging]",
        f"level = {_toml_str(s.log_level)}",
        f"format = {_toml_str(s.log_format)}",
        "",
        "[audit]                     # NEN 7513 trail in data_dir/audit.sqlite3",
        f"secret_file = {_toml_str(s.audit_secret_file)}",
    ]
    text = "\n".join(lines) + "\n"
    if s.extra_toml:
        text += "\n" + s.extra_toml.rstrip("\n") + "\n"
    return text


@dataclass(frozen=True)
class Zorgaanbieder:
    """A provider entry of participants.toml."""

    agb: str
    naam: str
    # For messages from zorgkantoren (issue 13); a provider without one only sends.
    encryption_certificates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concessiehouder:
    """A concessiehouder entry of participants.toml (one inbox for all its codes)."""

    id: str
    naam: str
    codes: tuple[str, ...]
    encryption_certificates: tuple[str, ...]


DEMO_ZORGAANBIEDERS = (
    Zorgaanbieder("12345678", "Zorggroep De Linde", ("agb-12345678/enc.crt",)),
    Zorgaanbieder("87654321", "Stichting Het Baken", ("agb-87654321/enc.crt",)),
)
DEMO_CONCESSIEHOUDERS = (
    Concessiehouder(
        "zk-5509", "Zorgkantoor Midden-Nederland", ("5509", "5511", "5517"), ("zk-5509/enc.crt",)
    ),
    Concessiehouder("zk-5501", "Zorgkantoor Noord", ("5501", "5502", "5503"), ("zk-5501/enc.crt",)),
)


def render_participants_toml(
    zorgaanbieders: Iterable[Zorgaanbieder] = DEMO_ZORGAANBIEDERS,
    concessiehouders: Iterable[Concessiehouder] = DEMO_CONCESSIEHOUDERS,
) -> str:
    """The text of participants.toml for these participants."""
    lines = ["# Participants registry (reloaded without restart). Paths are relative to this file."]
    for provider in zorgaanbieders:
        lines += [
            "[[zorgaanbieder]]",
            f"agb = {_toml_str(provider.agb)}",
            f"naam = {_toml_str(provider.naam)}",
            *(
                [f"encryption_certificates = {_toml_list(provider.encryption_certificates)}"]
                if provider.encryption_certificates
                else []
            ),
            "",
        ]
    for holder in concessiehouders:
        lines += [
            "[[concessiehouder]]",
            f"id = {_toml_str(holder.id)}",
            f"naam = {_toml_str(holder.naam)}",
            f"codes = {_toml_list(holder.codes)}",
            f"encryption_certificates = {_toml_list(holder.encryption_certificates)}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the dev PKI layout -------------------------------------------------------------------------


@dataclass(frozen=True)
class DevPki:
    """Where write_dev_pki put things; the CA is kept so tests can issue more certificates."""

    root: Path
    ca: DevCA
    ca_cert: Path
    ca_key: Path
    crl: Path
    gateway_dir: Path
    provider_dirs: dict[str, Path]
    """AGB code -> directory with tls.crt/key, sign.crt/key and enc.crt/key."""
    zorgkantoor_dirs: dict[str, Path]
    """Concessiehouder id (``zk-5509``) -> directory with tls.crt/key, enc.crt/key and
    sign.crt/key."""
    gateway_config: Path
    participants_config: Path


def _write_crl(path: Path, crl: x509.CertificateRevocationList) -> None:
    _write_atomic(path, crl.public_bytes(serialization.Encoding.PEM))


def write_dev_pki(out: Path, *, force: bool = False, now: datetime | None = None) -> DevPki:
    """Create the dev CA, the demo parties' certificates, an empty CRL and the demo config."""
    now = now or _utcnow()
    if (out / "ca.crt").exists() and not force:
        raise DevPkiError(f"{out / 'ca.crt'} exists; use --force to replace the dev PKI")
    out.mkdir(parents=True, exist_ok=True)
    ca = DevCA.create(now=now)
    ca_cert, ca_key = Issued(ca.certificate, ca.private_key).write(out, "ca")
    crl_path = out / "crl.pem"
    _write_crl(crl_path, ca.crl(this_update=now))

    gateway = out / "gateway"
    tls, enc, sign = Purpose.TLS_SERVER, Purpose.ENC, Purpose.SIGN
    ca.issue(common_name="meerzorg-gateway", purpose=tls, key_type=KeyType.EC_P256, now=now).write(
        gateway, "tls"
    )
    ca.issue(common_name="meerzorg-gateway encryption", purpose=enc, now=now).write(gateway, "enc")
    ca.issue(
        common_name="meerzorg-gateway receipts", purpose=sign, key_type=KeyType.EC_P256, now=now
    ).write(gateway, "sign")

    client = Purpose.TLS_CLIENT
    linde, linde_name = out / "agb-12345678", "Zorggroep De Linde"
    ca.issue(
        common_name=linde_name,
        purpose=client,
        party="AGB-12345678",
        key_type=KeyType.EC_P256,
        now=now,
    ).write(linde, "tls")
    ca.issue(common_name=linde_name, purpose=sign, party="AGB-12345678", now=now).write(
        linde, "sign"
    )
    # Messages from zorgkantoren (issue 13) are re-encrypted to this certificate.
    ca.issue(common_name=linde_name, purpose=enc, party="AGB-12345678", now=now).write(linde, "enc")

    # The second provider is identified UZI-style: an otherName SAN and no serialNumber.
    baken, baken_name = out / "agb-87654321", "Stichting Het Baken"
    ca.issue(common_name=baken_name, purpose=client, uzi_agb="87654321", now=now).write(
        baken, "tls"
    )
    ca.issue(
        common_name=baken_name,
        purpose=sign,
        uzi_agb="87654321",
        key_type=KeyType.EC_P256,
        now=now,
    ).write(baken, "sign")
    ca.issue(common_name=baken_name, purpose=enc, uzi_agb="87654321", now=now).write(baken, "enc")

    zk_dirs: dict[str, Path] = {}
    for holder, tls_key in zip(
        DEMO_CONCESSIEHOUDERS, (KeyType.EC_P256, KeyType.RSA2048), strict=True
    ):
        directory = out / holder.id
        party = holder.id.upper()
        ca.issue(
            common_name=holder.naam, purpose=client, party=party, key_type=tls_key, now=now
        ).write(directory, "tls")
        ca.issue(common_name=holder.naam, purpose=enc, party=party, now=now).write(directory, "enc")
        # A zorgkantoor signs what it sends (issue 13): ZK-<first code>, the Afzender it uses.
        ca.issue(
            common_name=holder.naam, purpose=sign, party=party, key_type=KeyType.EC_P256, now=now
        ).write(directory, "sign")
        zk_dirs[holder.id] = directory

    gateway_config = out / "gateway.toml"
    participants_config = out / "participants.toml"
    # The HMAC key for BSN pseudonyms in the audit trail: secret like a private key.
    _write_private(out / "audit.key", secrets.token_hex(32).encode("ascii") + b"\n")
    gateway_config.write_text(render_gateway_toml(), encoding="utf-8")
    participants_config.write_text(render_participants_toml(), encoding="utf-8")
    return DevPki(
        root=out,
        ca=ca,
        ca_cert=ca_cert,
        ca_key=ca_key,
        crl=crl_path,
        gateway_dir=gateway,
        provider_dirs={"12345678": linde, "87654321": baken},
        zorgkantoor_dirs=zk_dirs,
        gateway_config=gateway_config,
        participants_config=participants_config,
    )


def _party_certificates(out: Path, party_dir_name: str) -> list[x509.Certificate]:
    directory = out / party_dir_name
    if (
        party_dir_name in ("", ".", "..")
        or Path(party_dir_name).name != party_dir_name
        or not directory.is_dir()
    ):
        known = sorted(p.name for p in out.iterdir() if p.is_dir()) if out.is_dir() else []
        raise DevPkiError(
            f"unknown party {party_dir_name!r} in {out}; known: {', '.join(known) or 'none'}"
        )
    paths = sorted(directory.glob("*.crt"))
    if not paths:
        raise DevPkiError(f"{directory} holds no certificates to revoke")
    # Each file's first certificate is the party's own; the rest would be intermediates.
    return [x509.load_pem_x509_certificates(p.read_bytes())[0] for p in paths]


def revoke_party(out: Path, party_dir_name: str, *, now: datetime | None = None) -> list[int]:
    """Revoke every certificate in DIR/<party_dir_name>/ and re-sign DIR/crl.pem; return serials."""
    now = now or _utcnow()
    ca = DevCA.load(out / "ca.crt", out / "ca.key")
    certificates = _party_certificates(out, party_dir_name)
    for certificate in certificates:
        if certificate.issuer != ca.certificate.subject:
            raise DevPkiError(f"a certificate in {party_dir_name} was not issued by the dev CA")
    crl_path = out / "crl.pem"
    earlier: list[x509.RevokedCertificate] = []
    number = 1
    if crl_path.exists():
        current = x509.load_pem_x509_crl(crl_path.read_bytes())
        if not current.is_signature_valid(ca.private_key.public_key()):
            raise DevPkiError(f"{crl_path} is not signed by {out / 'ca.crt'}")
        earlier = list(current)
        try:
            number = current.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
            number += 1
        except x509.ExtensionNotFound:
            number = 1
    crl = ca.crl([*earlier, *certificates], this_update=now, number=number)
    _write_crl(crl_path, crl)
    return [c.serial_number for c in certificates]
