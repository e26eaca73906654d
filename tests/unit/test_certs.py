"""Certificate identity and trust (protocol section 1): party codes, chains, revocation, usage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

from gateway.devpki import (
    UZI_OTHER_NAME_OID,
    DevCA,
    KeyType,
    Purpose,
    default_key_usage,
    encode_ia5string,
    generate_key,
    uzi_identifier,
)
from gateway.domain.errors import CertificateRejected
from gateway.domain.participants import PartyCode, PartyKind
from gateway.security.certs import (
    CertificatePurpose,
    TrustStore,
    fingerprint,
    party_code_of,
)

NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Ca:
    root: DevCA
    trust: TrustStore


@pytest.fixture(scope="module")
def ca() -> Ca:
    root = DevCA.create(now=NOW)
    return Ca(root, TrustStore((root.certificate,), ((root.crl(this_update=NOW), "crl.pem"),)))


def _leaf(
    issuer: DevCA,
    purpose: Purpose = Purpose.SIGN,
    *,
    key_type: KeyType = KeyType.EC_P256,
    **kw: object,
) -> x509.Certificate:
    return issuer.issue(
        common_name="Deelnemer",
        purpose=purpose,
        key_type=key_type,
        now=NOW,
        **kw,  # type: ignore[arg-type]
    ).certificate


def _custom(
    issuer: DevCA,
    *,
    serial_numbers: tuple[str, ...] = (),
    other_names: tuple[bytes, ...] = (),
    key: rsa.RSAPrivateKey | None = None,
) -> x509.Certificate:
    """A certificate the dev CA's issue() cannot make (several serialNumbers, odd otherNames)."""
    private = key or generate_key(KeyType.EC_P256)
    name = [x509.NameAttribute(NameOID.COMMON_NAME, "Bijzonder")]
    # UTF8String (not PrintableString) so that tests can put any character in a serialNumber.
    name += [
        x509.NameAttribute(NameOID.SERIAL_NUMBER, s, _type=_ASN1Type.UTF8String)
        for s in serial_numbers
    ]
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(name))
        .issuer_name(issuer.certificate.subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(hours=1))
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(default_key_usage(Purpose.SIGN, private), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.private_key.public_key()  # type: ignore[arg-type]
            ),
            critical=False,
        )
    )
    if other_names:
        sans = [x509.OtherName(UZI_OTHER_NAME_OID, value) for value in other_names]
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return builder.sign(issuer.private_key, hashes.SHA256())


# --- party_code_of ----------------------------------------------------------------------


def test_party_code_from_agb_serial_number(ca: Ca) -> None:
    cert = _leaf(ca.root, party="AGB-12345678")
    assert party_code_of(cert) == PartyCode(PartyKind.AGB, "12345678")


def test_party_code_from_zorgkantoor_serial_number(ca: Ca) -> None:
    cert = _leaf(ca.root, Purpose.ENC, key_type=KeyType.RSA2048, party="ZK-5509")
    assert party_code_of(cert) == PartyCode(PartyKind.ZK, "5509")
    assert str(party_code_of(cert)) == "ZK-5509"


def test_party_code_from_uzi_other_name_uses_the_last_field(ca: Ca) -> None:
    cert = _leaf(ca.root, uzi_agb="87654321")
    assert party_code_of(cert) == PartyCode(PartyKind.AGB, "87654321")
    # The UZI number (also 8 digits) is not the party.
    assert uzi_identifier("87654321").split("-")[2] == "12345678"
    assert party_code_of(cert) != PartyCode(PartyKind.AGB, "12345678")


@pytest.mark.parametrize(
    "serial",
    [
        "AGB-1234567",
        "AGB-123456789",
        "ZK-55091",
        "ZK-550",
        "agb-12345678",
        "zk-5509",
        "AGB 12345678",
        "AGB-12345678\n",
        "AGB-1234567X",
        "AGB-１２３４５６７８",  # full-width digits are not ASCII digits
        "UZI-12345678",
    ],
)
def test_malformed_serial_numbers_name_no_party(ca: Ca, serial: str) -> None:
    assert party_code_of(_custom(ca.root, serial_numbers=(serial,))) is None


@pytest.mark.parametrize(
    "identifier",
    [
        uzi_identifier("1234567"),  # AGB code too short
        uzi_identifier("12345678") + "\n",
        uzi_identifier("12345678").replace("-S-", "-Z-"),  # not a server certificate
        "12345678",
        "",
    ],
)
def test_malformed_uzi_other_names_name_no_party(ca: Ca, identifier: str) -> None:
    assert party_code_of(_custom(ca.root, other_names=(encode_ia5string(identifier),))) is None


def test_uzi_other_name_that_is_not_an_ia5string_names_no_party(ca: Ca) -> None:
    text = uzi_identifier("12345678").encode("ascii")
    utf8string = bytes([0x0C, len(text)]) + text
    assert party_code_of(_custom(ca.root, other_names=(utf8string,))) is None


def test_certificate_without_any_code_names_no_party(ca: Ca) -> None:
    assert party_code_of(_leaf(ca.root)) is None


def test_certificate_naming_two_different_parties_names_none(ca: Ca) -> None:
    assert party_code_of(_leaf(ca.root, party="AGB-12345678", uzi_agb="87654321")) is None
    two_serials = _custom(ca.root, serial_numbers=("AGB-12345678", "AGB-87654321"))
    assert party_code_of(two_serials) is None
    provider_and_zk = _custom(ca.root, serial_numbers=("AGB-12345678", "ZK-5509"))
    assert party_code_of(provider_and_zk) is None


def test_two_uzi_other_names_for_different_parties_name_none(ca: Ca) -> None:
    names = tuple(encode_ia5string(uzi_identifier(agb)) for agb in ("12345678", "87654321"))
    assert party_code_of(_custom(ca.root, other_names=names)) is None


def test_certificate_naming_one_party_twice_names_it(ca: Ca) -> None:
    cert = _leaf(ca.root, party="AGB-12345678", uzi_agb="12345678")
    assert party_code_of(cert) == PartyCode(PartyKind.AGB, "12345678")


def test_fingerprint_is_sha256_of_der(ca: Ca) -> None:
    cert = _leaf(ca.root)
    assert fingerprint(cert) == cert.fingerprint(hashes.SHA256()).hex()
    assert len(fingerprint(cert)) == 64


# --- TrustStore.check -------------------------------------------------------------------


def test_accepts_a_valid_certificate_and_returns_its_chain(ca: Ca) -> None:
    cert = _leaf(ca.root, party="AGB-12345678")
    assert ca.trust.check(cert, CertificatePurpose.SIGNING) == [cert, ca.root.certificate]


@pytest.mark.parametrize(
    ("purpose", "as_purpose", "key_type"),
    [
        (Purpose.SIGN, CertificatePurpose.SIGNING, KeyType.EC_P256),
        (Purpose.SIGN, CertificatePurpose.SIGNING, KeyType.RSA2048),
        (Purpose.ENC, CertificatePurpose.ENCRYPTION, KeyType.RSA2048),
        (Purpose.TLS_CLIENT, CertificatePurpose.TLS_CLIENT, KeyType.EC_P256),
        (Purpose.TLS_CLIENT, CertificatePurpose.TLS_CLIENT, KeyType.RSA2048),
    ],
)
def test_accepts_the_key_usage_each_purpose_needs(
    ca: Ca, purpose: Purpose, as_purpose: CertificatePurpose, key_type: KeyType
) -> None:
    cert = _leaf(ca.root, purpose, key_type=key_type)
    assert ca.trust.check(cert, as_purpose)[0] == cert


@pytest.mark.parametrize(
    ("purpose", "as_purpose", "key_type"),
    [
        pytest.param(Purpose.ENC, CertificatePurpose.SIGNING, KeyType.RSA2048, id="enc-as-sign"),
        pytest.param(
            Purpose.SIGN, CertificatePurpose.ENCRYPTION, KeyType.RSA2048, id="sign-as-enc"
        ),
        pytest.param(
            Purpose.TLS_SERVER,
            CertificatePurpose.TLS_CLIENT,
            KeyType.EC_P256,
            id="server-as-client",
        ),
        pytest.param(
            Purpose.ENC,
            CertificatePurpose.ENCRYPTION,
            KeyType.EC_P256,
            id="ec-key-agreement-as-enc",
        ),
    ],
)
def test_refuses_a_certificate_without_the_key_usage_of_its_purpose(
    ca: Ca, purpose: Purpose, as_purpose: CertificatePurpose, key_type: KeyType
) -> None:
    cert = _leaf(ca.root, purpose, key_type=key_type)
    with pytest.raises(CertificateRejected, match="key usage"):
        ca.trust.check(cert, as_purpose)


def test_refuses_a_tls_client_certificate_whose_eku_lacks_client_auth(ca: Ca) -> None:
    from cryptography.x509.oid import ExtendedKeyUsageOID

    cert = _leaf(
        ca.root,
        Purpose.TLS_CLIENT,
        extended_key_usage=[ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CODE_SIGNING],
    )
    with pytest.raises(CertificateRejected):
        ca.trust.check(cert, CertificatePurpose.TLS_CLIENT)


def test_refuses_a_certificate_without_key_usage(ca: Ca) -> None:
    # issue() always adds KeyUsage; a certificate built without it:
    key = generate_key(KeyType.EC_P256)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zonder")]))
        .issuer_name(ca.root.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(hours=1))
        .not_valid_after(NOW + timedelta(days=1))
        .sign(ca.root.private_key, hashes.SHA256())
    )
    with pytest.raises(CertificateRejected):
        ca.trust.check(cert, CertificatePurpose.SIGNING)


def test_refuses_an_rsa_1024_key(ca: Ca) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the point
    cert = _custom(ca.root, serial_numbers=("AGB-12345678",), key=weak)
    with pytest.raises(CertificateRejected, match="2048"):
        ca.trust.check(cert, CertificatePurpose.SIGNING)


def test_refuses_an_expired_certificate(ca: Ca) -> None:
    cert = _leaf(ca.root, not_before=NOW - timedelta(days=60), not_after=NOW - timedelta(days=1))
    with pytest.raises(CertificateRejected):
        ca.trust.check(cert, CertificatePurpose.SIGNING)


def test_refuses_a_certificate_that_is_not_yet_valid(ca: Ca) -> None:
    cert = _leaf(ca.root, not_before=NOW + timedelta(days=1), not_after=NOW + timedelta(days=60))
    with pytest.raises(CertificateRejected):
        ca.trust.check(cert, CertificatePurpose.SIGNING)
    # ... and accepts it once it is.
    later = NOW + timedelta(days=2)
    trust = TrustStore((ca.root.certificate,), ((ca.root.crl(this_update=later), "crl"),))
    assert trust.check(cert, CertificatePurpose.SIGNING, now=later)[0] == cert


def test_refuses_a_certificate_of_another_ca(ca: Ca) -> None:
    other = DevCA.create("Meerzorg Dev CA", now=NOW)  # same name, other key
    with pytest.raises(CertificateRejected, match="chain"):
        ca.trust.check(_leaf(other, party="AGB-12345678"), CertificatePurpose.SIGNING)


def test_refuses_a_revoked_certificate(ca: Ca) -> None:
    cert = _leaf(ca.root)
    trust = TrustStore((ca.root.certificate,), ((ca.root.crl([cert], this_update=NOW), "crl"),))
    with pytest.raises(CertificateRejected, match="revoked"):
        trust.check(cert, CertificatePurpose.SIGNING)
    assert trust.check(_leaf(ca.root), CertificatePurpose.SIGNING)  # others still pass


def test_uses_the_newest_crl_of_an_issuer(ca: Ca) -> None:
    cert = _leaf(ca.root)
    old = ca.root.crl(this_update=NOW - timedelta(days=1), number=1)
    new = ca.root.crl([cert], this_update=NOW, number=2)
    for order in ((old, new), (new, old)):
        trust = TrustStore((ca.root.certificate,), tuple((c, "crl") for c in order))
        with pytest.raises(CertificateRejected, match="revoked"):
            trust.check(cert, CertificatePurpose.SIGNING)


def test_refuses_everything_when_the_crl_is_past_next_update(ca: Ca) -> None:
    stale = ca.root.crl(
        this_update=NOW - timedelta(days=40), next_update=NOW - timedelta(minutes=1)
    )
    trust = TrustStore((ca.root.certificate,), ((stale, "crl"),))
    with pytest.raises(CertificateRejected, match="not current"):
        trust.check(_leaf(ca.root), CertificatePurpose.SIGNING)
    assert not trust.crls_current(NOW)


def test_refuses_everything_when_the_crl_is_from_the_future(ca: Ca) -> None:
    future = ca.root.crl(this_update=NOW + timedelta(hours=1))
    trust = TrustStore((ca.root.certificate,), ((future, "crl"),))
    with pytest.raises(CertificateRejected, match="not current"):
        trust.check(_leaf(ca.root), CertificatePurpose.SIGNING, now=NOW)


def test_refuses_everything_without_a_crl(ca: Ca) -> None:
    trust = TrustStore((ca.root.certificate,))
    with pytest.raises(CertificateRejected, match="no CRL"):
        trust.check(_leaf(ca.root), CertificatePurpose.SIGNING)
    assert not trust.crls_current(NOW)


def test_refuses_at_load_a_crl_of_an_anchor_with_a_bad_signature(ca: Ca) -> None:
    impostor = DevCA.create("Meerzorg Dev CA", now=NOW)  # same issuer name, other key
    forged = impostor.crl(this_update=NOW)
    assert forged.issuer == ca.root.certificate.subject
    with pytest.raises(ValueError, match="invalid signature"):
        TrustStore((ca.root.certificate,), ((forged, "forged.pem"),))


def test_needs_at_least_one_anchor() -> None:
    with pytest.raises(ValueError, match="anchor"):
        TrustStore(())


# --- intermediate CAs -------------------------------------------------------------------


@dataclass(frozen=True)
class Sub:
    root: DevCA
    sub: DevCA
    leaf: x509.Certificate


@pytest.fixture(scope="module")
def sub(ca: Ca) -> Sub:
    intermediate = ca.root.issue_intermediate("Meerzorg Dev Sub CA", now=NOW)
    return Sub(ca.root, intermediate, _leaf(intermediate, party="AGB-12345678"))


def _trust(*crls: x509.CertificateRevocationList, root: DevCA) -> TrustStore:
    return TrustStore((root.certificate,), tuple((c, f"crl-{i}") for i, c in enumerate(crls)))


def test_accepts_a_chain_through_an_intermediate_with_both_crls(sub: Sub) -> None:
    trust = _trust(sub.root.crl(this_update=NOW), sub.sub.crl(this_update=NOW), root=sub.root)
    chain = trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])
    assert chain == [sub.leaf, sub.sub.certificate, sub.root.certificate]


def test_refuses_a_chain_without_the_intermediate(sub: Sub) -> None:
    trust = _trust(sub.root.crl(this_update=NOW), sub.sub.crl(this_update=NOW), root=sub.root)
    with pytest.raises(CertificateRejected):
        trust.check(sub.leaf, CertificatePurpose.SIGNING)


def test_fails_closed_without_the_intermediates_crl(sub: Sub) -> None:
    trust = _trust(sub.root.crl(this_update=NOW), root=sub.root)
    assert trust.crls_current(NOW)  # the anchor's CRL is fine ...
    with pytest.raises(CertificateRejected, match="no CRL"):  # ... the sub CA's is missing
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


def test_fails_closed_without_the_roots_crl(sub: Sub) -> None:
    trust = _trust(sub.sub.crl(this_update=NOW), root=sub.root)
    with pytest.raises(CertificateRejected, match="no CRL"):
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


def test_refuses_a_leaf_revoked_by_the_intermediate(sub: Sub) -> None:
    trust = _trust(
        sub.root.crl(this_update=NOW), sub.sub.crl([sub.leaf], this_update=NOW), root=sub.root
    )
    with pytest.raises(CertificateRejected, match="revoked"):
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


def test_refuses_a_leaf_under_a_revoked_intermediate(sub: Sub) -> None:
    trust = _trust(
        sub.root.crl([sub.sub.certificate], this_update=NOW),
        sub.sub.crl(this_update=NOW),
        root=sub.root,
    )
    with pytest.raises(CertificateRejected, match="revoked"):
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


def test_refuses_an_intermediates_crl_with_a_bad_signature(sub: Sub) -> None:
    impostor = DevCA(sub.sub.certificate, generate_key(KeyType.EC_P256))  # right name, wrong key
    trust = _trust(sub.root.crl(this_update=NOW), impostor.crl(this_update=NOW), root=sub.root)
    with pytest.raises(CertificateRejected, match="invalid signature"):
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


def test_refuses_a_stale_intermediate_crl(sub: Sub) -> None:
    stale = sub.sub.crl(this_update=NOW - timedelta(days=31), next_update=NOW - timedelta(days=1))
    trust = _trust(sub.root.crl(this_update=NOW), stale, root=sub.root)
    with pytest.raises(CertificateRejected, match="not current"):
        trust.check(sub.leaf, CertificatePurpose.SIGNING, intermediates=[sub.sub.certificate])


# --- crls_current, crl_status, from_files -------------------------------------------------


def test_crls_current_needs_a_current_crl_for_every_anchor(ca: Ca) -> None:
    other = DevCA.create("Andere CA", now=NOW)
    anchors = (ca.root.certificate, other.certificate)
    one = TrustStore(anchors, ((ca.root.crl(this_update=NOW), "a"),))
    both = TrustStore(
        anchors, ((ca.root.crl(this_update=NOW), "a"), (other.crl(this_update=NOW), "b"))
    )
    assert not one.crls_current(NOW)
    assert both.crls_current(NOW)
    assert not both.crls_current(NOW + timedelta(days=31))


def test_crl_status_reports_each_crl(ca: Ca) -> None:
    revoked = _leaf(ca.root)
    crl = ca.root.crl([revoked], this_update=NOW, next_update=NOW + timedelta(days=7))
    trust = TrustStore((ca.root.certificate,), ((crl, "/etc/gateway/crl.pem"),))
    [status] = trust.crl_status()
    assert status.issuer == ca.root.certificate.subject.rfc4514_string()
    assert status.this_update == NOW
    assert status.next_update == NOW + timedelta(days=7)
    assert status.revoked_count == 1
    assert status.source == "/etc/gateway/crl.pem"


def test_from_files_reads_pem_and_der_crls(ca: Ca, tmp_path: Path) -> None:
    other = DevCA.create("Andere CA", now=NOW)
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(
        ca.root.certificate.public_bytes(serialization.Encoding.PEM)
        + other.certificate.public_bytes(serialization.Encoding.PEM)
    )
    pem = tmp_path / "root.crl.pem"
    pem.write_bytes(ca.root.crl(this_update=NOW).public_bytes(serialization.Encoding.PEM))
    der = tmp_path / "other.crl"
    der.write_bytes(other.crl(this_update=NOW).public_bytes(serialization.Encoding.DER))
    trust = TrustStore.from_files([anchors], [pem, der])
    assert len(trust.anchors) == 2
    assert trust.crls_current(NOW)
    assert {s.source for s in trust.crl_status()} == {str(pem), str(der)}
    assert trust.check(_leaf(other), CertificatePurpose.SIGNING)
