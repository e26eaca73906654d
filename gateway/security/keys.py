"""Loading certificates and private keys, and the key ring used to decrypt.

A recipient (the gateway, or a zorgkantoor using our tooling) may hold several
decryption keys during a certificate rollover; the sender names the certificate
it encrypted to (protocol 5.2) and the ring picks the matching key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# Attribute names as OpenSSL writes them in RFC 2253 form (xmlsec1 uses
# X509_NAME_print_ex with XN_FLAG_RFC2253 for X509IssuerName); cryptography
# only knows the RFC 4514 core set (CN, L, ST, O, OU, C, STREET, DC, UID).
_OPENSSL_NAMES: dict[str, x509.ObjectIdentifier] = {
    "street": NameOID.STREET_ADDRESS,
    "SN": NameOID.SURNAME,
    "surname": NameOID.SURNAME,
    "GN": NameOID.GIVEN_NAME,
    "givenName": NameOID.GIVEN_NAME,
    "initials": NameOID.INITIALS,
    "generationQualifier": NameOID.GENERATION_QUALIFIER,
    "title": NameOID.TITLE,
    "dnQualifier": NameOID.DN_QUALIFIER,
    "pseudonym": NameOID.PSEUDONYM,
    "serialNumber": NameOID.SERIAL_NUMBER,
    "emailAddress": NameOID.EMAIL_ADDRESS,
    "E": NameOID.EMAIL_ADDRESS,
    "organizationIdentifier": NameOID.ORGANIZATION_IDENTIFIER,
    "businessCategory": NameOID.BUSINESS_CATEGORY,
    "postalCode": NameOID.POSTAL_CODE,
    "postalAddress": NameOID.POSTAL_ADDRESS,
    "jurisdictionC": NameOID.JURISDICTION_COUNTRY_NAME,
    "jurisdictionST": NameOID.JURISDICTION_STATE_OR_PROVINCE_NAME,
    "jurisdictionL": NameOID.JURISDICTION_LOCALITY_NAME,
    "x500UniqueIdentifier": NameOID.X500_UNIQUE_IDENTIFIER,
    "unstructuredName": NameOID.UNSTRUCTURED_NAME,
}
_CORE_NAMES = {
    "CN": NameOID.COMMON_NAME,
    "L": NameOID.LOCALITY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "C": NameOID.COUNTRY_NAME,
    "STREET": NameOID.STREET_ADDRESS,
    "DC": NameOID.DOMAIN_COMPONENT,
    "UID": NameOID.USER_ID,
}
# RFC 4514 attribute type names are case-insensitive; cryptography's lookup is not.
_NAME_TO_OID: dict[str, x509.ObjectIdentifier] = {
    variant: oid
    for name, oid in {**_CORE_NAMES, **_OPENSSL_NAMES}.items()
    for variant in (name, name.lower(), name.upper())
}
# The names we write for X509IssuerName, so that xmlsec1 reads them back.
_OID_TO_OPENSSL_NAME: dict[x509.ObjectIdentifier, str] = {
    oid: name for name, oid in _OPENSSL_NAMES.items() if name not in {"surname", "givenName", "E"}
}


@dataclass(frozen=True)
class KeyPair:
    """A certificate and the private key for its public key."""

    certificate: x509.Certificate
    private_key: PrivateKey = field(repr=False)
    # The certificate's DER, encoded once: key lookups compare it per message.
    certificate_der: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "certificate_der", self.certificate.public_bytes(serialization.Encoding.DER)
        )

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate, lowercase hex."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()


def load_certificate(path: Path) -> x509.Certificate:
    """Load one PEM certificate (the first one if the file holds several)."""
    return x509.load_pem_x509_certificate(path.read_bytes())


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Load a PEM bundle; ValueError if it holds no certificate."""
    return x509.load_pem_x509_certificates(path.read_bytes())


def load_key_pair(cert_path: Path, key_path: Path) -> KeyPair:
    """Load a PEM certificate and its unencrypted PEM private key, checking they belong together."""
    certificate = load_certificate(cert_path)
    private_key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("only RSA and EC private keys are supported")
    if _spki(private_key.public_key()) != _spki(certificate.public_key()):
        raise ValueError("private key does not match the certificate's public key")
    return KeyPair(certificate=certificate, private_key=private_key)


def _spki(public_key: object) -> bytes:
    if not isinstance(public_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise ValueError("only RSA and EC keys are supported")
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def parse_issuer_name(text: str) -> x509.Name:
    """Parse an X509IssuerName (RFC 4514/2253, as xmlsec1 and OpenSSL write it).

    ValueError if it cannot be parsed. Values in ``#hex`` form (OpenSSL's
    rendering of attribute types it does not know) are not supported.
    """
    return x509.Name.from_rfc4514_string(text.strip(), _NAME_TO_OID)


def format_issuer_name(name: x509.Name) -> str:
    """Render a Name for X509IssuerName with OpenSSL's attribute names, as xmlsec1 writes it."""
    return name.rfc4514_string(_OID_TO_OPENSSL_NAME)


class DecryptionKeyRing:
    """The gateway's (or a zorgkantoor's) decryption keys; several during a rollover."""

    def __init__(self, pairs: Iterable[KeyPair]) -> None:
        self._pairs = tuple(pairs)

    @property
    def pairs(self) -> tuple[KeyPair, ...]:
        """All key pairs, in the order given."""
        return self._pairs

    def __len__(self) -> int:
        return len(self._pairs)

    def find(
        self,
        *,
        certificate_der: bytes | None = None,
        issuer: x509.Name | None = None,
        serial: int | None = None,
    ) -> KeyPair | None:
        """The pair matching every criterion given: the exact certificate and/or issuer + serial.

        Issuer and serial only count together; at least one way of naming the
        certificate must be given.
        """
        if (issuer is None) != (serial is None):
            raise ValueError("issuer and serial must be given together")
        if certificate_der is None and issuer is None:
            raise ValueError("give a certificate or an issuer and serial number")
        for pair in self._pairs:
            cert = pair.certificate
            if certificate_der is not None and pair.certificate_der != certificate_der:
                continue
            if issuer is not None and (cert.issuer != issuer or cert.serial_number != serial):
                continue
            return pair
        return None
