"""Fuzzing the envelope and payload parsing path (hypothesis).

(a) In-process and fast: arbitrary bytes and structured mutations (byte flips,
truncations, insertions, element/attribute insertions, namespace changes) of a
valid envelope and of its signed payload go through the receive path's parsing
and checking functions: ``parse_envelope``, ``decrypt_encrypted_data``,
``parse_untrusted``, ``verify_signature``, ``parse_berichtkop`` and the message
type's ``validate``. Every outcome is success or a ``GatewayError``: any other
exception is a bug (it would be a 500).
(b) Over the real server: a bounded number of mutated envelopes; never a 5xx,
and the gateway healthy afterwards.

``FUZZ_EXAMPLES`` sets the examples per in-process target (default small, for
``make test``); ``make fuzz FUZZ_EXAMPLES=20000`` runs long. ``FUZZ_SERVER_EXAMPLES``
sets the number of envelopes posted to the real server.
"""

from __future__ import annotations

import contextlib
import copy
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from lxml import etree

from gateway.devpki import DevPki
from gateway.domain.envelope import Kop, check_berichtkop_matches
from gateway.domain.errors import GatewayError
from gateway.messagetypes import MessageTypeRegistry
from gateway.security import xmlenc
from gateway.security.keys import DecryptionKeyRing, load_key_pair
from gateway.security.xmldsig import sign_document, verify_signature
from gateway.security.xmlparse import parse_untrusted
from gateway.xmlcodec import parse_berichtkop, parse_envelope
from tests.attacks.support import DS, XENC, assert_healthy, post, sign_payload, wrap
from tests.functional.helpers import envelope_for, kop_for, signer

pytestmark = pytest.mark.fuzz

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ_SERVER_EXAMPLES = int(os.environ.get("FUZZ_SERVER_EXAMPLES", "30"))

# Hypothesis also caches constants and Unicode tables under .hypothesis/ in the working
# directory; keep every file of it out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / f"meerzorg-hypothesis-{os.getuid()}")
settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # one example decrypts and verifies with RSA: timing varies on CI
    database=None,  # never write .hypothesis/ into the repository
    derandomize=os.environ.get("CI", "").lower() == "true",  # reproducible in CI
    # too_slow: an example does real RSA and schema work by design;
    # data_too_large: mutated envelopes are a few KB of drawn bytes on purpose.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")

NS = "urn:nl:meerzorg:berichtenverkeer:1"
NAMESPACES = (NS, "urn:nl:meerzorg:meerzorgplan:1", DS, XENC, "urn:x", "")
NAMES = (
    "Bericht", "Kop", "Inhoud", "TraceerId", "Signature", "Reference", "EncryptedData",
    "EncryptedKey", "CipherValue", "Transform", "KeyInfo", "X509Data", "Meerzorgplan",
    "Berichtkop", "Bsn", "Naam", "Object", "X",
)  # fmt: skip
ATTRIBUTES = ("Id", "URI", "Algorithm", "Type", "MimeType", "xml:id", "{urn:x}a", "PrefixList")
SNIPPETS = (
    b"<X/>", b"</Kop>", b"<!DOCTYPE x>", b"<?pi x?>", b"<!-- c -->", b"&amp;", b"&x;",
    b"<![CDATA[x]]>", b"\x00", b"\xff\xfe", b" xmlns=\"urn:x\"", b" Id=\"x\"", b"\"", b"<",
    b">", b"=", b"AAAA", b"\n", b"<ds:Signature xmlns:ds=\"" + DS.encode() + b"\"/>",
)  # fmt: skip

xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FFF), max_size=24
)


@dataclass(frozen=True)
class World:
    pki: DevPki
    registry: MessageTypeRegistry
    keys: DecryptionKeyRing
    kop: Kop
    envelope: bytes
    signed: bytes
    now: datetime


@pytest.fixture(scope="module")
def world(dev_pki: DevPki) -> World:
    gateway = dev_pki.root / "gateway"
    kop = kop_for()
    signed = sign_payload(dev_pki, kop)
    return World(
        pki=dev_pki,
        registry=MessageTypeRegistry.load(),
        keys=DecryptionKeyRing([load_key_pair(gateway / "enc.crt", gateway / "enc.key")]),
        kop=kop,
        envelope=wrap(dev_pki, kop, signed),
        signed=signed,
        now=datetime.now(UTC),
    )


# --- the path under test -------------------------------------------------------------


def check_payload(world: World, plaintext: bytes, kop: Kop) -> None:
    """What _ketencontrole does with decrypted bytes, minus trust and re-encryption."""
    try:
        verified = verify_signature(parse_untrusted(plaintext), now=world.now)
    except GatewayError:
        return
    message_type = world.registry.get(kop.bericht_type, kop.bericht_versie)
    if message_type is None:
        message_type = world.registry.get("meerzorgplan", "1.0")
    assert message_type is not None
    with contextlib.suppress(GatewayError):  # go on to validation even after a GW220
        check_berichtkop_matches(kop, parse_berichtkop(verified.root))
    message_type.validate(verified.root, received_at=world.now)
    message_type.bsns(verified.root)


def check_envelope(world: World, data: bytes) -> None:
    try:
        _tree, kop, encrypted = parse_envelope(data, world.registry.envelope_schema)
        plaintext = xmlenc.decrypt_encrypted_data(encrypted, world.keys)
    except GatewayError:
        return
    check_payload(world, plaintext, kop)


# --- mutations -------------------------------------------------------------------------

byte_ops = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 20)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 20), st.integers(1, 64)),
)


def mutate_bytes(data: bytes, ops: list[tuple[object, ...]]) -> bytes:
    out = bytearray(data)
    for op in ops:
        at = int(op[1]) % (len(out) + 1)  # type: ignore[call-overload]
        if op[0] == "flip" and out:
            out[at % len(out)] ^= int(op[2])  # type: ignore[call-overload]
        elif op[0] == "truncate":
            del out[at:]
        elif op[0] == "insert":
            out[at:at] = op[2]  # type: ignore[index]
        elif op[0] == "delete":
            del out[at : at + int(op[2])]  # type: ignore[call-overload]
    return bytes(out)


tree_ops = st.one_of(
    st.tuples(
        st.just("element"), st.integers(0, 999), st.sampled_from(NAMESPACES),
        st.sampled_from(NAMES), st.integers(0, 50),
    ),
    st.tuples(
        st.just("attribute"), st.integers(0, 999), st.sampled_from(ATTRIBUTES), xml_text
    ),
    st.tuples(st.just("namespace"), st.integers(0, 999), st.sampled_from(NAMESPACES)),
    st.tuples(st.just("remove"), st.integers(0, 999)),
    st.tuples(st.just("duplicate"), st.integers(0, 999)),
    st.tuples(st.just("text"), st.integers(0, 999), xml_text),
    st.tuples(st.just("move"), st.integers(0, 999), st.integers(0, 999)),
)  # fmt: skip


def mutate_tree(data: bytes, ops: list[tuple[object, ...]]) -> bytes:
    root = etree.fromstring(data)
    for op in ops:
        elements = list(root.iter(etree.Element))
        el = elements[int(op[1]) % len(elements)]  # type: ignore[call-overload]
        parent = el.getparent()
        kind = op[0]
        if kind == "element":
            tag = f"{{{op[2]}}}{op[3]}" if op[2] else str(op[3])
            el.insert(int(op[4]), etree.Element(tag))  # type: ignore[call-overload]
        elif kind == "attribute":
            name = str(op[2]).replace("xml:", "{http://www.w3.org/XML/1998/namespace}")
            el.set(name, str(op[3]))
        elif kind == "namespace":
            local = etree.QName(el).localname
            el.tag = f"{{{op[2]}}}{local}" if op[2] else local
        elif kind == "remove" and parent is not None:
            parent.remove(el)
        elif kind == "duplicate" and parent is not None:
            el.addnext(copy.deepcopy(el))
        elif kind == "text":
            el.text = str(op[2])
        elif kind == "move" and parent is not None:
            target = elements[int(op[2]) % len(elements)]  # type: ignore[call-overload]
            if el not in list(target.iterancestors()) and target is not el:
                target.append(el)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


envelope_mutation = st.one_of(
    st.tuples(st.just("bytes"), st.lists(byte_ops, min_size=1, max_size=4)),
    st.tuples(st.just("tree"), st.lists(tree_ops, min_size=1, max_size=4)),
)


def apply_mutation(data: bytes, mutation: tuple[str, list[tuple[object, ...]]]) -> bytes:
    kind, ops = mutation
    return mutate_bytes(data, ops) if kind == "bytes" else mutate_tree(data, ops)


# --- (a) in-process targets -----------------------------------------------------------


@FUZZ
@given(data=st.one_of(st.binary(max_size=2048), xml_text.map(lambda t: t.encode())))
def test_arbitrary_bytes_as_envelope(world: World, data: bytes) -> None:
    check_envelope(world, data)


@FUZZ
@given(mutation=envelope_mutation)
def test_mutated_envelope(world: World, mutation: tuple[str, list[tuple[object, ...]]]) -> None:
    check_envelope(world, apply_mutation(world.envelope, mutation))


@FUZZ
@given(mutation=envelope_mutation)
def test_mutated_payload_after_signing(
    world: World, mutation: tuple[str, list[tuple[object, ...]]]
) -> None:
    """Mutated plaintext, encrypted to the gateway: decryption works, the rest must cope."""
    plaintext = apply_mutation(world.signed, mutation)
    check_envelope(world, wrap(world.pki, world.kop, plaintext))


@FUZZ
@given(ops=st.lists(tree_ops, min_size=1, max_size=4))
def test_mutated_payload_signed_after_mutation(world: World, ops: list[tuple[object, ...]]) -> None:
    """Validly signed odd content: verification passes, schema and rules must cope."""
    unsigned = etree.fromstring(world.signed)
    signature = unsigned.find(f"{{{DS}}}Signature")
    assert signature is not None
    unsigned.remove(signature)
    mutated = mutate_tree(etree.tostring(unsigned), ops)
    try:
        plaintext = sign_document(etree.fromstring(mutated), signer(world.pki))
    except Exception:  # noqa: BLE001 - the signer (not under test) refuses some trees
        return
    check_payload(world, plaintext, world.kop)


# --- (b) over the real server --------------------------------------------------------


async def test_mutated_envelopes_over_the_server_never_get_a_5xx(start, dev_pki):
    gw = await start(dev_pki)
    base, _kop = envelope_for(dev_pki)
    bodies: list[bytes] = []

    @settings(FUZZ, max_examples=FUZZ_SERVER_EXAMPLES)
    @given(mutation=envelope_mutation)
    def collect(mutation: tuple[str, list[tuple[object, ...]]]) -> None:
        bodies.append(apply_mutation(base, mutation))

    collect()
    assert bodies
    statuses = []
    for body in bodies:
        resp = await post(gw, dev_pki, body)
        assert resp.status < 500, (resp.status, resp.body[:300])
        statuses.append(resp.status)
    assert all(400 <= s < 500 or s in (200, 202) for s in statuses), statuses
    await assert_healthy(gw, dev_pki)
