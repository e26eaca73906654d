"""The hardened parser for untrusted XML (GW101 / GW102)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from gateway.domain.errors import (
    DecryptionFailed,
    EnvelopeInvalid,
    ForbiddenMarkup,
    GatewayError,
)
from gateway.security.xmlparse import MAX_DEPTH, check_depth, parse_untrusted

ROOT = b'<Bericht xmlns="urn:nl:meerzorg:berichtenverkeer:1"><Kop>tekst</Kop></Bericht>'


def _code(data: bytes, **kwargs: type[GatewayError]) -> str:
    with pytest.raises(GatewayError) as info:
        parse_untrusted(data, **kwargs)
    return info.value.code


def test_parses_a_plain_document_with_declaration_and_comments() -> None:
    tree = parse_untrusted(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- ok -->' + ROOT)
    assert tree.getroot().tag == "{urn:nl:meerzorg:berichtenverkeer:1}Bericht"


def test_parses_utf16_with_a_bom() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><a>ë</a>'.encode("utf-16")
    assert parse_untrusted(data).getroot().text == "ë"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<!DOCTYPE Bericht>" + ROOT, id="doctype"),
        pytest.param(b"<!DOCTYPE Bericht []>" + ROOT, id="empty-internal-subset"),
        pytest.param(b'<!DOCTYPE a [<!ENTITY e "boe">]><a>&e;</a>', id="internal-entity"),
        pytest.param(b'<!DOCTYPE a [<!ENTITY e "boe">]><a>zonder gebruik</a>', id="unused-entity"),
        pytest.param(b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>', id="external-dtd"),
        pytest.param(
            b'<!DOCTYPE a [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]><a/>',
            id="parameter-entity",
        ),
        pytest.param(b"<?pi before?>" + ROOT, id="pi-before-root"),
        pytest.param(ROOT + b"<?pi after?>", id="pi-after-root"),
        pytest.param(b"<a><b><?pi inside?></b></a>", id="pi-inside-root"),
        pytest.param(
            b'<?xml version="1.0"?>\n<?xml-stylesheet href="x.xsl"?>' + ROOT, id="stylesheet-pi"
        ),
    ],
)
def test_refuses_doctype_entities_and_processing_instructions_with_gw102(data: bytes) -> None:
    assert _code(data) == "GW102"


def _billion_laughs() -> bytes:
    entities = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    return b"<!DOCTYPE lolz [" + b"".join(entities) + b"]><lolz>&lol9;</lolz>"


def test_refuses_billion_laughs_with_gw102() -> None:
    with pytest.raises(ForbiddenMarkup):
        parse_untrusted(_billion_laughs())


def test_forbidden_markup_is_gw102_whatever_the_malformed_code() -> None:
    assert _code(b"<!DOCTYPE a><a/>", malformed=DecryptionFailed) == "GW102"


def test_xxe_never_reads_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    marker = "GEHEIM-7f3a9c"
    secret.write_text(marker)
    uri = secret.as_uri().encode()
    attempts = [
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "' + uri + b'">]><a>&x;</a>',
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "' + str(secret).encode() + b'">]><a>&x;</a>',
        b'<!DOCTYPE a [<!ENTITY % p SYSTEM "' + uri + b'"> %p;]><a/>',
        b'<!DOCTYPE a SYSTEM "' + uri + b'"><a/>',
    ]
    for data in attempts:
        with pytest.raises(ForbiddenMarkup) as info:
            parse_untrusted(data)
        assert info.value.code == "GW102"
        assert marker not in str(info.value)
        assert marker not in repr(info.value.__cause__)
        assert marker not in info.value.omschrijving


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"<a>", id="unclosed"),
        pytest.param(b"<a></b>", id="mismatched"),
        pytest.param(b"<a/><b/>", id="two-roots"),
        pytest.param(b"tekst", id="no-element"),
        pytest.param(b"<a>&onbekend;</a>", id="undeclared-entity"),
        pytest.param(b'<a x="1" x="2"/>', id="duplicate-attribute"),
        pytest.param(b"<p:a/>", id="unbound-prefix"),
        pytest.param(b"<a>\xff\xfe</a>", id="invalid-utf8"),
    ],
)
def test_refuses_documents_that_are_not_well_formed_with_gw101(data: bytes) -> None:
    assert _code(data) == "GW101"


def test_not_well_formed_uses_the_callers_code() -> None:
    assert _code(b"<a>", malformed=DecryptionFailed) == "GW201"


def _nested(depth: int) -> bytes:
    return b"<a>" * depth + b"</a>" * depth


def test_accepts_the_maximum_depth() -> None:
    assert parse_untrusted(_nested(MAX_DEPTH)).getroot().tag == "a"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 5000])
def test_refuses_excessive_depth(depth: int) -> None:
    with pytest.raises(EnvelopeInvalid):
        parse_untrusted(_nested(depth))


def test_check_depth_counts_the_root_as_one() -> None:
    root = parse_untrusted(_nested(3)).getroot()
    check_depth(root, limit=3)
    with pytest.raises(EnvelopeInvalid):
        check_depth(root, limit=2)


def _depth(el: etree._Element) -> int:
    return 1 + max((_depth(c) for c in el if isinstance(c.tag, str)), default=0)


@pytest.mark.parametrize("seed", range(20))
def test_check_depth_is_the_deepest_element_of_any_branch(seed: int) -> None:
    """Siblings, comments and text on the way: only element nesting counts."""
    rng = random.Random(seed)
    root = etree.Element("r")
    nodes = [root]
    for _ in range(rng.randrange(1, 200)):
        parent = rng.choice(nodes)
        if rng.random() < 0.2:
            parent.append(etree.Comment("c"))
        else:
            child = etree.SubElement(parent, rng.choice(["a", "{urn:x}b"]))
            child.text = "t"
            nodes.append(child)
    deepest = _depth(root)
    check_depth(root, limit=deepest)
    with pytest.raises(EnvelopeInvalid):
        check_depth(root, limit=deepest - 1) if deepest > 1 else check_depth(root, limit=0)
    # Below the root the same holds for any element's subtree.
    sub = rng.choice(nodes)
    check_depth(sub, limit=_depth(sub))
