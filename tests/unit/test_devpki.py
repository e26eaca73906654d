"""The dev PKI: certificate profiles, layout, revocation and the demo configuration."""

from __future__ import annotations

import dataclasses
import ipaddress
import ssl
import stat
import subprocess
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import (
    ClientVerifier,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from gateway.devpki import (
    UZI_OTHER_NAME_OID,
    Concessiehouder,
    DevCA,
    DevPki,
    DevPkiError,
    GatewayConfigSpec,
    KeyPairPaths,
    KeyType,
    Purpose,
    Zorgaanbieder,
    encode_ia5string,
    render_gateway_toml,
    render_participants_toml,
    revoke_party,
    write_dev_pki,
)

OPENSSL = "/usr/bin/openssl"

EXPECTED_FILES = {
    "audit.key",
    "ca.crt",
    "ca.key",
    "crl.pem",
    "gateway.toml",
    "participants.toml",
    *(f"gateway/{n}.{e}" for n in ("tls", "enc", "sign") for e in ("crt", "key")),
    *(
        f"{d}/{n}.{e}"
        for d in ("agb-12345678", "agb-87654321")
        for n in ("tls", "sign", "enc")
        for e in ("crt", "key")
    ),
    *(
        f"{d}/{n}.{e}"
        for d in ("zk-5509", "zk-5501")
        for n in ("tls", "enc", "sign")
        for e in ("crt", "key")
    ),
}

EC, RSA = ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey
LINDE, BAKEN = "Zorggroep De Linde", "Stichting Het Baken"
MIDDEN, NOORD = "Zorgkantoor Midden-Nederland", "Zorgkantoor Noord"

# (file, purpose, key type, subject serialNumber, UZI AGB, common name)
PROFILES = [
    ("gateway/tls", Purpose.TLS_SERVER, EC, None, None, "meerzorg-gateway"),
    ("gateway/enc", Purpose.ENC, RSA, None, None, "meerzorg-gateway encryption"),
    ("gateway/sign", Purpose.SIGN, EC, None, None, "meerzorg-gateway receipts"),
    ("agb-12345678/tls", Purpose.TLS_CLIENT, EC, "AGB-12345678", None, LINDE),
    ("agb-12345678/sign", Purpose.SIGN, RSA, "AGB-12345678", None, LINDE),
    ("agb-87654321/tls", Purpose.TLS_CLIENT, RSA, None, "87654321", BAKEN),
    ("agb-87654321/sign", Purpose.SIGN, EC, None, "87654321", BAKEN),
    # Issue 13: providers receive (enc), zorgkantoren sign what they send (sign).
    ("agb-12345678/enc", Purpose.ENC, RSA, "AGB-12345678", None, LINDE),
    ("agb-87654321/enc", Purpose.ENC, RSA, None, "87654321", BAKEN),
    ("zk-5509/tls", Purpose.TLS_CLIENT, EC, "ZK-5509", None, MIDDEN),
    ("zk-5509/enc", Purpose.ENC, RSA, "ZK-5509", None, MIDDEN),
    ("zk-5509/sign", Purpose.SIGN, EC, "ZK-5509", None, MIDDEN),
    ("zk-5501/tls", Purpose.TLS_CLIENT, RSA, "ZK-5501", None, NOORD),
    ("zk-5501/enc", Purpose.ENC, RSA, "ZK-5501", None, NOORD),
    ("zk-5501/sign", Purpose.SIGN, EC, "ZK-5501", None, NOORD),
]

CLIENT_CERTS = [p[0] for p in PROFILES if p[1] is Purpose.TLS_CLIENT]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """One dev PKI shared by the read-only tests (key generation is the slow part)."""
    return write_dev_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def fresh_pki(tmp_path: Path) -> DevPki:
    """A dev PKI of the test's own, for tests that revoke or overwrite."""
    return write_dev_pki(tmp_path / "pki")


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def decode_ia5string(der: bytes) -> str:
    """Decode a DER IA5String by hand: tag 0x16, short or long form length, ASCII."""
    assert der[0] == 0x16
    length, offset = der[1], 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(der[2 : 2 + count], "big")
        offset = 2 + count
    body = der[offset:]
    assert len(body) == length
    return body.decode("ascii")


def uzi_values(certificate: x509.Certificate) -> list[str]:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [
        decode_ia5string(name.value)
        for name in san.get_values_for_type(x509.OtherName)
        if name.type_id == UZI_OTHER_NAME_OID
    ]


def client_verifier(ca: x509.Certificate) -> ClientVerifier:
    """The verifier the gateway uses: webpki rules for CAs, any extensions on the leaf."""
    return (
        PolicyBuilder()
        .store(Store([ca]))
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=ExtensionPolicy.permit_all(),
        )
        .build_client_verifier()
    )


def openssl_verify(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OPENSSL, "verify", "-CAfile", "ca.crt", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


def tls_handshake(
    server: ssl.SSLContext, client: ssl.SSLContext, hostname: str
) -> x509.Certificate:
    """A full TLS handshake over memory buffers (no sockets); returns the client's certificate."""
    s_in, s_out, c_in, c_out = (ssl.MemoryBIO() for _ in range(4))
    server_side = server.wrap_bio(s_in, s_out, server_side=True)
    client_side = client.wrap_bio(c_in, c_out, server_hostname=hostname)
    done = {"server": False, "client": False}
    for _ in range(20):
        for name, side in (("client", client_side), ("server", server_side)):
            if not done[name]:
                try:
                    side.do_handshake()
                    done[name] = True
                except ssl.SSLWantReadError:
                    pass
            s_in.write(c_out.read())
            c_in.write(s_out.read())
        if all(done.values()):
            # TLS 1.3 sends the client's certificate verdict after the client finishes.
            server_side.write(b"ping")
            c_in.write(s_out.read())
            assert client_side.read(4) == b"ping"
            peer = server_side.getpeercert(binary_form=True)
            assert peer
            return x509.load_der_x509_certificate(peer)
    raise AssertionError("handshake did not finish")


def test_writes_every_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, system_tmp = tmp_path / "cwd", tmp_path / "systmp"
    cwd.mkdir()
    system_tmp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))

    pki = write_dev_pki(tmp_path / "pki")

    written = {p.relative_to(pki.root).as_posix() for p in pki.root.rglob("*") if p.is_file()}
    assert written == EXPECTED_FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "pki", "systmp"]
    assert not any(cwd.iterdir())
    assert not any(system_tmp.iterdir())


def test_private_keys_are_owner_only(pki: DevPki) -> None:
    keys = sorted(pki.root.rglob("*.key"))
    assert len(keys) == 17  # 16 private keys and the audit trail's pseudonym key
    for key in keys:
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key


def test_devpki_paths_point_at_the_layout(pki: DevPki) -> None:
    assert pki.ca_cert == pki.root / "ca.crt"
    assert pki.ca_key == pki.root / "ca.key"
    assert pki.crl == pki.root / "crl.pem"
    assert pki.gateway_dir == pki.root / "gateway"
    assert pki.provider_dirs == {
        "12345678": pki.root / "agb-12345678",
        "87654321": pki.root / "agb-87654321",
    }
    assert pki.zorgkantoor_dirs == {
        "zk-5509": pki.root / "zk-5509",
        "zk-5501": pki.root / "zk-5501",
    }
    assert load_cert(pki.ca_cert) == pki.ca.certificate


def test_ca_is_a_self_signed_ca(pki: DevPki) -> None:
    ca = load_cert(pki.ca_cert)
    ca.verify_directly_issued_by(ca)
    extensions = ca.extensions
    basic = extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical
    assert basic.value.ca
    usage = extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.key_cert_sign
    assert usage.value.crl_sign
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    assert ca.not_valid_after_utc - ca.not_valid_before_utc == timedelta(days=3650, hours=1)


@pytest.mark.parametrize(("name", "purpose", "key_class", "serial", "uzi_agb", "cn"), PROFILES)
def test_certificate_profile(
    pki: DevPki,
    name: str,
    purpose: Purpose,
    key_class: type,
    serial: str | None,
    uzi_agb: str | None,
    cn: str,
) -> None:
    certificate = load_cert(pki.root / f"{name}.crt")
    subject = certificate.subject

    assert certificate.version is x509.Version.v3
    assert certificate.signature_hash_algorithm is not None
    assert certificate.signature_hash_algorithm.name == "sha256"
    assert [a.value for a in subject.get_attributes_for_oid(NameOID.COMMON_NAME)] == [cn]
    assert [a.value for a in subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == [
        "Meerzorg Dev"
    ]
    assert [a.value for a in subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)] == ["NL"]
    serials = [a.value for a in subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
    assert serials == ([serial] if serial else [])
    uzi = uzi_values(certificate)
    if uzi_agb is None:
        assert uzi == []
    else:
        assert uzi == [f"2.16.528.1.1003.1.3.5.5.2-1-12345678-S-90000123-00.000-{uzi_agb}"]
        assert uzi[0].split("-")[-1] == uzi_agb

    private_key = load_pem_private_key((pki.root / f"{name}.key").read_bytes(), password=None)
    assert isinstance(private_key, key_class)
    assert certificate.public_key() == private_key.public_key()
    if isinstance(private_key, rsa.RSAPrivateKey):
        assert private_key.key_size == 2048
    else:
        assert isinstance(private_key, ec.EllipticCurvePrivateKey)
        assert isinstance(private_key.curve, ec.SECP256R1)

    certificate.verify_directly_issued_by(pki.ca.certificate)
    basic = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical
    assert not basic.value.ca
    ski = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(certificate.public_key())
    aki = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ca_ski = pki.ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert aki.key_identifier == ca_ski.value.digest
    validity = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert validity == timedelta(days=825, hours=1)


def key_usage_names(certificate: x509.Certificate) -> set[str]:
    extension = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert extension.critical
    usage = extension.value
    names = {
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
    }
    return {n for n in names if getattr(usage, n)}


def eku_oids(certificate: x509.Certificate) -> list[x509.ObjectIdentifier]:
    try:
        return list(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        return []


@pytest.mark.parametrize(
    ("name", "usages", "ekus"),
    [
        ("gateway/tls", {"digital_signature"}, [ExtendedKeyUsageOID.SERVER_AUTH]),
        ("agb-12345678/tls", {"digital_signature"}, [ExtendedKeyUsageOID.CLIENT_AUTH]),
        (
            "agb-87654321/tls",
            {"digital_signature", "key_encipherment"},
            [ExtendedKeyUsageOID.CLIENT_AUTH],
        ),
        ("gateway/sign", {"digital_signature", "content_commitment"}, []),
        ("agb-12345678/sign", {"digital_signature", "content_commitment"}, []),
        ("gateway/enc", {"key_encipherment", "data_encipherment"}, []),
        ("zk-5509/enc", {"key_encipherment", "data_encipherment"}, []),
    ],
)
def test_key_usage_and_eku_follow_the_purpose(
    pki: DevPki, name: str, usages: set[str], ekus: list[x509.ObjectIdentifier]
) -> None:
    certificate = load_cert(pki.root / f"{name}.crt")
    assert key_usage_names(certificate) == usages
    assert eku_oids(certificate) == ekus


def test_server_certificate_names_localhost(pki: DevPki) -> None:
    certificate = load_cert(pki.gateway_dir / "tls.crt")
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert san.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    ]


@pytest.mark.parametrize("name", CLIENT_CERTS)
def test_policy_builder_client_verifier_accepts_client_certs(pki: DevPki, name: str) -> None:
    verifier = client_verifier(pki.ca.certificate)
    certificate = load_cert(pki.root / f"{name}.crt")
    verified = verifier.verify(certificate, [])
    assert verified.chain == [certificate, pki.ca.certificate]


def test_policy_builder_rejects_a_certificate_of_another_ca(pki: DevPki) -> None:
    stranger = DevCA.create("Stranger CA").issue(
        common_name="x", purpose=Purpose.TLS_CLIENT, party="AGB-12345678"
    )
    with pytest.raises(VerificationError):
        client_verifier(pki.ca.certificate).verify(stranger.certificate, [])


@pytest.mark.parametrize("name", ["gateway/tls", "agb-87654321/tls", "zk-5509/enc"])
def test_openssl_rejects_a_certificate_after_revoke_party(fresh_pki: DevPki, name: str) -> None:
    args = ["-CRLfile", "crl.pem", "-crl_check", f"{name}.crt"]
    before = openssl_verify(fresh_pki.root, *args)
    assert before.returncode == 0, before.stdout + before.stderr

    revoke_party(fresh_pki.root, name.split("/")[0])

    after = openssl_verify(fresh_pki.root, *args)
    assert after.returncode != 0
    assert "revoked" in (after.stdout + after.stderr)


def test_revoke_party_keeps_earlier_entries_and_resigns(fresh_pki: DevPki) -> None:
    root = fresh_pki.root
    now = datetime.now(UTC)
    first = revoke_party(root, "zk-5501")
    second = revoke_party(root, "agb-12345678", now=now + timedelta(minutes=5))

    party_serials = {
        load_cert(root / "zk-5501" / f"{n}.crt").serial_number for n in ("tls", "enc", "sign")
    }
    assert set(first) == party_serials
    assert set(second) == {
        load_cert(root / "agb-12345678" / f"{n}.crt").serial_number for n in ("tls", "sign", "enc")
    }
    crl = x509.load_pem_x509_crl(fresh_pki.crl.read_bytes())
    assert {entry.serial_number for entry in crl} == set(first) | set(second)
    assert crl.is_signature_valid(fresh_pki.ca.private_key.public_key())
    assert crl.issuer == fresh_pki.ca.certificate.subject
    assert crl.next_update_utc is not None
    assert crl.next_update_utc > datetime.now(UTC)
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 3
    # The earlier entries keep their original revocation date.
    earlier = crl.get_revoked_certificate_by_serial_number(first[0])
    later = crl.get_revoked_certificate_by_serial_number(second[0])
    assert earlier is not None
    assert later is not None
    assert earlier.revocation_date_utc < later.revocation_date_utc
    assert not list(root.glob(".crl.pem.*"))


def test_revoke_party_twice_lists_each_serial_once(fresh_pki: DevPki) -> None:
    revoke_party(fresh_pki.root, "zk-5509")
    revoke_party(fresh_pki.root, "zk-5509")
    crl = x509.load_pem_x509_crl(fresh_pki.crl.read_bytes())
    assert len(list(crl)) == 3  # tls, enc and sign


@pytest.mark.parametrize("party", ["agb-00000000", "..", "../pki", "agb-12345678/../zk-5509", ""])
def test_revoke_party_refuses_an_unknown_party(fresh_pki: DevPki, party: str) -> None:
    before = fresh_pki.crl.read_bytes()
    with pytest.raises(DevPkiError, match="unknown party"):
        revoke_party(fresh_pki.root, party)
    assert fresh_pki.crl.read_bytes() == before


def test_initial_crl_is_empty_and_current(pki: DevPki) -> None:
    crl = x509.load_pem_x509_crl(pki.crl.read_bytes())
    assert list(crl) == []
    assert crl.is_signature_valid(pki.ca.private_key.public_key())
    assert crl.next_update_utc is not None
    assert crl.next_update_utc - crl.last_update_utc == timedelta(days=30)


def test_write_dev_pki_uses_the_given_time(tmp_path: Path) -> None:
    now = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    pki = write_dev_pki(tmp_path, now=now)
    leaf = load_cert(pki.root / "zk-5509" / "tls.crt")
    assert leaf.not_valid_before_utc == now - timedelta(hours=1)
    assert leaf.not_valid_after_utc == now + timedelta(days=825)
    crl = x509.load_pem_x509_crl(pki.crl.read_bytes())
    assert crl.last_update_utc == now


def test_write_dev_pki_refuses_to_overwrite_without_force(fresh_pki: DevPki) -> None:
    old_ca = fresh_pki.ca_cert.read_bytes()
    with pytest.raises(DevPkiError, match="exists"):
        write_dev_pki(fresh_pki.root)
    assert fresh_pki.ca_cert.read_bytes() == old_ca

    replaced = write_dev_pki(fresh_pki.root, force=True)

    assert replaced.ca_cert.read_bytes() != old_ca
    leaf = load_cert(replaced.root / "agb-12345678" / "tls.crt")
    leaf.verify_directly_issued_by(load_cert(replaced.ca_cert))
    assert stat.S_IMODE((replaced.root / "ca.key").stat().st_mode) == 0o600


def test_config_files_parse_and_reference_existing_files(pki: DevPki) -> None:
    gateway = tomllib.loads(pki.gateway_config.read_text(encoding="utf-8"))
    participants = tomllib.loads(pki.participants_config.read_text(encoding="utf-8"))
    base = pki.gateway_config.parent

    assert gateway["server"] == {
        "host": "127.0.0.1",
        "port": 8443,
        "ops_host": "127.0.0.1",
        "ops_port": 8080,
        "data_dir": "../data",
        "max_body_bytes": 20971520,
    }
    referenced = [
        gateway["tls"]["certificate"],
        gateway["tls"]["key"],
        *gateway["trust"]["anchors"],
        *gateway["trust"]["crls"],
        *(v for pair in gateway["keys"]["encryption"] for v in pair.values()),
        gateway["keys"]["signing"]["certificate"],
        gateway["keys"]["signing"]["key"],
        gateway["participants"]["file"],
    ]
    assert len(referenced) == 9
    for relative in referenced:
        assert (base / relative).is_file(), relative
    assert gateway["policy"] == {
        "aanmaaktijdstip_max_age_seconds": 86400,
        "aanmaaktijdstip_max_future_seconds": 300,
    }
    assert gateway["delivery"]["content_encryption"].endswith("aes256-gcm")
    assert gateway["logging"] == {"level": "info", "format": "json"}

    assert participants["zorgaanbieder"] == [
        {
            "agb": "12345678",
            "naam": "Zorggroep De Linde",
            "encryption_certificates": ["agb-12345678/enc.crt"],
        },
        {
            "agb": "87654321",
            "naam": "Stichting Het Baken",
            "encryption_certificates": ["agb-87654321/enc.crt"],
        },
    ]
    for provider in participants["zorgaanbieder"]:
        for relative in provider["encryption_certificates"]:
            assert (pki.participants_config.parent / relative).is_file()
    holders = {h["id"]: h for h in participants["concessiehouder"]}
    assert holders["zk-5509"]["codes"] == ["5509", "5511", "5517"]
    assert holders["zk-5501"]["codes"] == ["5501", "5502", "5503"]
    for holder in holders.values():
        for relative in holder["encryption_certificates"]:
            assert (pki.participants_config.parent / relative).is_file()


def test_rendered_toml_round_trips_awkward_strings() -> None:
    awkward = 'a "quoted" \\ back\tslash\nnew line \x01\x7f é 🦉'
    spec = dataclasses.replace(
        GatewayConfigSpec(),
        host=awkward,
        port=0,
        encryption_keys=(KeyPairPaths("a.crt", "a.key"), KeyPairPaths("b.crt", "b.key")),
        crls=(),
        extra_toml="[extra]\nflag = true",
    )
    gateway = tomllib.loads(render_gateway_toml(spec))
    assert gateway["server"]["host"] == awkward
    assert gateway["server"]["port"] == 0
    assert gateway["trust"]["crls"] == []
    assert gateway["keys"]["encryption"] == [
        {"certificate": "a.crt", "key": "a.key"},
        {"certificate": "b.crt", "key": "b.key"},
    ]
    assert gateway["extra"] == {"flag": True}

    participants = tomllib.loads(
        render_participants_toml(
            [Zorgaanbieder("11111111", awkward)],
            [Concessiehouder("zk-5520", "Noord", ("5520",), ("x/enc.crt", "y/enc.crt"))],
        )
    )
    assert participants["zorgaanbieder"] == [{"agb": "11111111", "naam": awkward}]
    assert participants["concessiehouder"][0]["encryption_certificates"] == [
        "x/enc.crt",
        "y/enc.crt",
    ]
    assert "concessiehouder" not in tomllib.loads(render_participants_toml([], []))


@pytest.mark.parametrize("client_name", ["agb-12345678", "agb-87654321"])
def test_certificates_work_for_mutual_tls_with_python_ssl(pki: DevPki, client_name: str) -> None:
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(pki.gateway_dir / "tls.crt", pki.gateway_dir / "tls.key")
    server.load_verify_locations(pki.ca_cert)
    server.verify_mode = ssl.CERT_REQUIRED
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.load_verify_locations(pki.ca_cert)
    client_dir = pki.root / client_name
    client.load_cert_chain(client_dir / "tls.crt", client_dir / "tls.key")

    peer = tls_handshake(server, client, "localhost")

    assert peer == load_cert(client_dir / "tls.crt")


def test_python_ssl_refuses_a_revoked_client(fresh_pki: DevPki) -> None:
    revoke_party(fresh_pki.root, "agb-12345678")
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(fresh_pki.gateway_dir / "tls.crt", fresh_pki.gateway_dir / "tls.key")
    server.load_verify_locations(fresh_pki.ca_cert)
    server.load_verify_locations(fresh_pki.crl)
    server.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    server.verify_mode = ssl.CERT_REQUIRED
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.load_verify_locations(fresh_pki.ca_cert)
    client_dir = fresh_pki.provider_dirs["12345678"]
    client.load_cert_chain(client_dir / "tls.crt", client_dir / "tls.key")

    with pytest.raises(ssl.SSLError, match="revoked"):
        tls_handshake(server, client, "localhost")


def test_intermediate_chain_verifies(tmp_path: Path) -> None:
    root = DevCA.create("Test Root")
    intermediate = root.issue_intermediate("Test Intermediate")
    leaf = intermediate.issue(common_name="Leaf", purpose=Purpose.TLS_CLIENT, party="AGB-11112222")
    assert leaf.chain == (intermediate.certificate,)
    cert_path, _ = leaf.write(tmp_path, "leaf")
    (tmp_path / "ca.crt").write_bytes(root.certificate.public_bytes(Encoding.PEM))
    (tmp_path / "chain.pem").write_bytes(cert_path.read_bytes())

    written = x509.load_pem_x509_certificates(cert_path.read_bytes())
    assert written == [leaf.certificate, intermediate.certificate]
    result = openssl_verify(tmp_path, "-untrusted", "chain.pem", "leaf.crt")
    assert result.returncode == 0, result.stdout + result.stderr
    verified = client_verifier(root.certificate).verify(
        leaf.certificate, [intermediate.certificate]
    )
    assert verified.chain == [leaf.certificate, intermediate.certificate, root.certificate]
    crl = intermediate.crl([leaf.certificate])
    assert crl.issuer == intermediate.certificate.subject
    assert crl.is_signature_valid(intermediate.private_key.public_key())


def test_issue_overrides_make_unusual_certificates() -> None:
    ca = DevCA.create(key_type=KeyType.RSA2048)
    not_before = datetime(2020, 1, 1, tzinfo=UTC)
    not_after = datetime(2021, 1, 1, tzinfo=UTC)
    only_encipher = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )

    issued = ca.issue(
        common_name="Expired",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        uzi_agb="99999999",
        key_type=KeyType.EC_P256,
        not_before=not_before,
        not_after=not_after,
        key_usage=only_encipher,
        extended_key_usage=[],
        dns_names=["client.example"],
    )

    certificate = issued.certificate
    assert certificate.not_valid_before_utc == not_before
    assert certificate.not_valid_after_utc == not_after
    assert key_usage_names(certificate) == {"key_encipherment"}
    assert eku_oids(certificate) == []
    assert uzi_values(certificate)[0].endswith("-99999999")
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["client.example"]
    certificate.verify_directly_issued_by(ca.certificate)

    as_ca = ca.issue(common_name="Rogue", purpose=Purpose.SIGN, ca=True).certificate
    assert as_ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert key_usage_names(as_ca) == {"key_cert_sign", "crl_sign"}


def test_dev_ca_load_round_trips_and_checks_the_key(pki: DevPki, tmp_path: Path) -> None:
    loaded = DevCA.load(pki.ca_cert, pki.ca_key)
    assert loaded.certificate == pki.ca.certificate
    issued = loaded.issue(common_name="Later", purpose=Purpose.SIGN)
    issued.certificate.verify_directly_issued_by(pki.ca.certificate)

    with pytest.raises(DevPkiError, match="not the key"):
        DevCA.load(pki.ca_cert, pki.gateway_dir / "sign.key")


@pytest.mark.parametrize("size", [0, 5, 127, 128, 255, 256, 70000])
def test_ia5string_der_round_trips(size: int) -> None:
    text = ("x" * size)[:size]
    assert decode_ia5string(encode_ia5string(text)) == text


def test_ia5string_refuses_non_ascii() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        encode_ia5string("é")
