"""The streamed envelope parser (issue 14, item 4) gives exactly what the whole-body
parser gives: the same tree, the same refusals with the same codes, the same octets."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import random
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree

from gateway.domain.envelope import Kop
from gateway.domain.errors import DecryptionFailed, GatewayError
from gateway.messagetypes import MessageTypeRegistry, rules
from gateway.security import xmlenc
from gateway.security.keys import DecryptionKeyRing, KeyPair
from gateway.security.xmlparse import MAX_DEPTH, UntrustedFeed, parse_untrusted
from gateway.services.receive import EnvelopeIntake
from gateway.xmlcodec import EnvelopeFeed, parse_envelope, render_envelope
from tests.base64cases import EDGE_CASES, plain_decode, random_cases, wrapped
from tests.keysupport import self_signed_pair

CHUNKINGS = [1, 3, 7, 64, 4095, 4097, 1 << 20]

# Documents for the differential test: the markup attacks of tests/attacks (before and
# inside the root), malformed bytes, encodings, and what a legitimate envelope may hold.
_DOCTYPES = [
    "<!DOCTYPE R>",
    '<!DOCTYPE R [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;">]>',
    '<!DOCTYPE R [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE R SYSTEM "file:///etc/passwd">',
    '<!DOCTYPE R PUBLIC "-//X//Y" "http://127.0.0.1:1/x.dtd">',
    '<!DOCTYPE R [<!ENTITY % p SYSTEM "file:///x"> %p;]>',
]
_REFERENCES = ["", "&lol1;", "&x;", "&amp;&#65;&#x42;"]
CORPUS: list[bytes] = [
    b"",
    b"   ",
    b"garbage",
    b"<R/>",
    b"<R>",
    b"<R></S>",
    b"<R/><R/>",
    b"<R>&x;</R>",
    b"<R><?pi data?></R>",
    b"<?pi data?><R/>",
    b"<R/><?pi data?>",
    b'<?xml version="1.0"?><?xml-stylesheet href="x"?><R/>',
    b"<!-- before --><R><!-- inside -->t<![CDATA[<c>&]]></R><!-- after -->",
    b"<R a='1' xmlns='urn:a' xmlns:p='urn:p'><p:S p:b='2'>x</p:S>tail</R>",
    b"<!doctype R><R/>",
    b"<R>" * MAX_DEPTH + b"</R>" * MAX_DEPTH,
    b"<R>" * (MAX_DEPTH + 1) + b"</R>" * (MAX_DEPTH + 1),
    b"<R>" * 5000 + b"</R>" * 5000,
    b"<R>" * 3000,
    '<?xml version="1.0" encoding="ISO-8859-1"?><R>\u00e9</R>'.encode("latin-1"),
    '<?xml version="1.0" encoding="UTF-16"?><R>\u00e9</R>'.encode("utf-16"),
    "<R>\u00e9</R>".encode("utf-16-le"),
    b"\xef\xbb\xbf<R/>",
    b"<R>\xff\xfe</R>",
    b'<?xml version="1.0" encoding="nonsense"?><R/>',
    b"<R>\x00</R>",
]
CORPUS += [
    (doctype + f"<R><S>{ref}</S></R>").encode() for doctype in _DOCTYPES for ref in _REFERENCES
]
CORPUS += [f"<R><S>{ref}</S></R>".encode() for ref in _REFERENCES]


class _Sink:
    """A TextSink that keeps what it is given."""

    def __init__(self) -> None:
        self.element: etree._Element | None = None
        self.pieces: list[str] = []

    def start(self, element: etree._Element) -> None:
        self.element = element

    def write(self, text: str) -> None:
        self.pieces.append(text)


def _outcome(parse: object) -> object:
    """The root element's canonical form, or the refusal's class and code. (Comments
    beside the root are not kept by the streamed parser: nothing reads them.)"""
    try:
        tree = parse()  # type: ignore[operator]
    except GatewayError as exc:
        return type(exc).__name__, exc.code, exc.http_status
    return etree.tostring(tree.getroot(), method="c14n")


def _streamed(data: bytes, chunk: int, divert: tuple[str, ...] = ("R", "S")) -> object:
    sink = _Sink()
    feed = UntrustedFeed(divert, sink)
    for start in range(0, len(data), chunk):
        feed.feed(data[start : start + chunk])
    tree = feed.close()
    if sink.element is not None:
        # Put the diverted text back where it was, to compare with the whole parse.
        assert sink.element.text is None
        sink.element.text = "".join(sink.pieces) or None
    return tree


@pytest.mark.parametrize("chunk", CHUNKINGS)
def test_the_streamed_parser_accepts_and_refuses_exactly_what_parse_untrusted_does(
    chunk: int,
) -> None:
    for data in CORPUS:
        whole = _outcome(lambda data=data: parse_untrusted(data))
        streamed = _outcome(lambda data=data: _streamed(data, chunk))
        assert streamed == whole, data[:80]


def test_only_the_first_element_on_the_path_is_diverted() -> None:
    data = b"<R><S>one<T>t</T>two</S><S>three</S><U><S>four</S></U></R>"
    sink = _Sink()
    feed = UntrustedFeed(("R", "S"), sink)
    feed.feed(data)
    root = feed.close().getroot()
    assert sink.pieces == ["one"]  # the element's own text; a child's tail stays a tail
    assert etree.tostring(root) == b"<R><S><T>t</T>two</S><S>three</S><U><S>four</S></U></R>"


def _sink_decode(text: str, chunk: int) -> bytes | None:
    sink = xmlenc.CipherValueSink()
    for start in range(0, len(text), chunk):
        sink.write(text[start : start + chunk])
    try:
        return bytes(sink.take())
    except DecryptionFailed:
        return None


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5, 9, 64, 1 << 20])
def test_the_cipher_value_sink_decodes_and_refuses_exactly_what_strict_decoding_does(
    chunk: int,
) -> None:
    rng = random.Random(14)
    cases = [
        *EDGE_CASES,
        "QUFBQQ==" + " " * 200,
        "QUFBQQ==" + "A" * 200,
        *random_cases(14, 2000),
        wrapped(rng.randbytes(3000), 64, "\n"),
    ]
    for text in cases:
        assert _sink_decode(text, chunk) == plain_decode(text), repr(text)


def test_in_place_decryption_gives_the_plaintext_and_empties_the_buffer_on_a_bad_tag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xmlenc, "_B64_STEP", 100)  # many steps, over a short text
    key, iv = AESGCM.generate_key(bit_length=256), bytes(range(12))
    plaintext = random.Random(3).randbytes(1000)
    octets = iv + AESGCM(key).encrypt(iv, plaintext, None)
    assert xmlenc._gcm_decrypt_in_place(bytearray(octets), key) == plaintext
    tampered = bytearray(octets)
    tampered[500] ^= 1
    with pytest.raises(DecryptionFailed):
        xmlenc._gcm_decrypt_in_place(tampered, key)
    assert tampered == b""  # nothing unauthenticated is left behind
    with pytest.raises(DecryptionFailed):
        xmlenc._gcm_decrypt_in_place(bytearray(octets[:27]), key)


@pytest.fixture(scope="module")
def recipient() -> KeyPair:
    return self_signed_pair("gateway-enc")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return MessageTypeRegistry.load().envelope_schema


def _envelope(recipient: KeyPair, plaintext: bytes) -> bytes:
    kop = Kop(
        traceer_id=str(uuid.uuid4()),
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        afzender="12345678",
        geadresseerde="5509",
        aanmaaktijdstip=dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC),
    )
    encrypted = xmlenc.encrypt_bytes(plaintext, recipient.certificate)
    value = encrypted.find(f"{{{xmlenc.XENC_NS}}}CipherData/{{{xmlenc.XENC_NS}}}CipherValue")
    assert value is not None
    assert value.text is not None
    text = value.text
    value.text = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))  # as xmlsec1
    return render_envelope(kop, encrypted)


@pytest.mark.parametrize("chunk", [5, 4096, 64 * 1024])
def test_a_streamed_envelope_gives_the_kop_digest_and_plaintext_of_the_whole_one(
    recipient: KeyPair, schema: etree.XMLSchema, chunk: int
) -> None:
    plaintext = b"<P>" + random.Random(5).randbytes(150_000).hex().encode() + b"</P>"
    data = _envelope(recipient, plaintext)
    ring = DecryptionKeyRing([recipient])
    _tree, kop, encrypted = parse_envelope(data, schema)
    feed = EnvelopeFeed()
    for start in range(0, len(data), chunk):
        feed.feed(data[start : start + chunk])
    streamed = feed.close(schema)
    assert streamed.kop == kop
    assert streamed.digest == hashlib.sha256(data).digest()
    assert streamed.size == len(data)
    # The tree keeps no ciphertext: the sink has it, decoded.
    assert streamed.cipher_value.element is not None
    assert streamed.cipher_value.element.text is None
    assert etree.tostring(_without_cipher_text(streamed.encrypted), method="c14n") == (
        etree.tostring(_without_cipher_text(encrypted), method="c14n")
    )
    got = xmlenc.decrypt_encrypted_data(
        streamed.encrypted, ring, consume=True, streamed=streamed.cipher_value
    )
    assert got == plaintext == xmlenc.decrypt_encrypted_data(encrypted, ring)


def _without_cipher_text(encrypted: etree._Element) -> etree._Element:
    """A detached copy (c14n of an element inside a document is not that of the element
    alone) without the data CipherValue's text."""
    copy = etree.fromstring(etree.tostring(encrypted))
    value = copy.find(f"{{{xmlenc.XENC_NS}}}CipherData/{{{xmlenc.XENC_NS}}}CipherValue")
    assert value is not None
    value.text = None
    return copy


def test_a_streamed_cipher_value_that_is_not_base64_fails_decryption_with_gw201(
    recipient: KeyPair, schema: etree.XMLSchema
) -> None:
    data = _envelope(recipient, b"<P/>")
    broken = data.replace(b"<CipherValue>", b"<CipherValue>!", 2)  # both: key and data
    assert parse_envelope(broken, schema)  # the envelope itself is fine (GW201 comes later)
    feed = EnvelopeFeed()
    feed.feed(broken)
    streamed = feed.close(schema)
    with pytest.raises(DecryptionFailed):
        xmlenc.decrypt_encrypted_data(
            streamed.encrypted, DecryptionKeyRing([recipient]), streamed=streamed.cipher_value
        )


def _intake_outcome(data: bytes, stream_from: int) -> object:
    intake = EnvelopeIntake(stream_from)
    for start in range(0, len(data), 64 * 1024):
        intake.feed(data[start : start + 64 * 1024])
    body = intake.finish()
    schema = MessageTypeRegistry.load().envelope_schema
    try:
        if isinstance(body, EnvelopeFeed):
            assert stream_from < len(data)
            return body.close(schema).kop
        assert len(data) <= stream_from
        return parse_envelope(body, schema)[1]
    except GatewayError as exc:
        return type(exc).__name__, exc.code, exc.http_status


def test_the_intake_streams_only_past_its_threshold_and_both_paths_agree(
    recipient: KeyPair,
) -> None:
    data = _envelope(recipient, b"<P>" + b"x" * 200_000 + b"</P>")
    variants = [
        data,
        data.replace(b"?>", b"?><!DOCTYPE Bericht>", 1),
        data.replace(b"?>", b'?><!DOCTYPE Bericht [<!ENTITY e "e">]>', 1).replace(
            b"<BerichtVersie>", b"<BerichtVersie>&e;"
        ),
        data.replace(b"</Kop>", b"<?pi x?></Kop>", 1),
        data.replace(b"</Kop>", b"<X>" * 100 + b"</X>" * 100 + b"</Kop>", 1),
        data.replace(b"</Kop>", b"</Kopje>", 1),
        data.replace(b"<BerichtVersie>", b"<BerichtVersie>&x;", 1),
        data[: len(data) // 2],
        data.replace(b"<BerichtType>", b"<Onbekend/><BerichtType>", 1),
    ]
    for variant in variants:
        outcomes = {
            repr(_intake_outcome(variant, stream_from)) for stream_from in (0, 1000, len(variant))
        }
        assert len(outcomes) == 1, (variant[:60], outcomes)


def _sha256_whole(text: str) -> str | None:
    """What the sha256_matches rule computed before it decoded in steps."""
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 9, 64, 1 << 20])
def test_the_bijlage_hash_in_steps_equals_the_hash_of_the_whole_decoding(
    monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    monkeypatch.setattr(rules, "_SHA256_STEP", step)
    cases = [
        "",
        "QUFB",
        "QUFB====",
        "QUFBQQ==",
        "QUFBQUE=",
        "QQ==QUFB",
        "=QUFB",
        "QUF",
        "QUFBQ",
        "QU FB\r\nQU\tFB",
        "QUFB\u00a0QUFB",  # whitespace to str.split, as before
        "QUFB\u00e9QUFB",
        "QUFB-_FB",
        " QUFBQQ== \n",
        base64.b64encode(bytes(range(256)) * 4).decode(),
    ]
    rng = random.Random(8)
    alphabet = "QUFBa/+9==  \n\t-\u00a0"
    cases += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(40))) for _ in range(2000)]
    encoded = base64.b64encode(rng.randbytes(3000)).decode()
    cases += ["\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))]
    for text in cases:
        assert rules.sha256_of_base64(text) == _sha256_whole(text), repr(text)
