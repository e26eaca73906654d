"""The one hardened parser for all untrusted XML (protocol 7, GW101/GW102).

No DTD, no entities, no network; a DOCTYPE or processing instruction is
refused outright rather than ignored, so that what we check is what the sender
meant (see signxml ``processor.py``). libxml2's "huge" limits are lifted
because a legitimate 20 MiB envelope carries one base64 text node larger than
its 10 MB default; entity expansion cannot happen (no DTD is loaded, entities
are not resolved, and a DOCTYPE is refused), the body size is bounded before
parsing, and nesting depth is checked here.
"""

from __future__ import annotations

import functools

from lxml import etree

from gateway.domain.errors import EnvelopeInvalid, ForbiddenMarkup, GatewayError

# Deeper than any legitimate message of ours; guards recursion in later stages.
MAX_DEPTH = 64


def make_parser() -> etree.XMLParser:
    """A fresh hardened parser (lxml parsers are not thread-safe, so one per use)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
    )


def parse_untrusted(
    data: bytes | bytearray,
    *,
    malformed: type[GatewayError] = EnvelopeInvalid,
) -> etree._ElementTree:
    """Parse bytes from a participant, refusing DTDs, entities and PIs.

    ``malformed`` is the error raised for bytes that are not well-formed
    (the envelope's GW101 by default; callers parsing a decrypted payload
    choose their own code).
    """
    parser = make_parser()
    try:
        # lxml parses any bytes-like object; lxml-stubs say str | bytes
        tree = etree.ElementTree(etree.fromstring(data, parser))  # type: ignore[arg-type]
    except etree.XMLSyntaxError as exc:
        # A DOCTYPE with entities that lxml refuses to expand shows up as a syntax
        # error; report it as forbidden markup, not as a generic parse failure.
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ForbiddenMarkup() from exc
        raise malformed() from exc
    except ValueError as exc:  # e.g. unicode strings with an encoding declaration
        raise malformed() from exc
    check_no_forbidden_markup(tree)
    check_depth(tree.getroot())
    return tree


def check_no_forbidden_markup(tree: etree._ElementTree) -> None:
    """Refuse a DOCTYPE, any entity declaration or reference, and processing instructions."""
    docinfo = tree.docinfo
    if (
        getattr(docinfo, "doctype", "")
        or docinfo.internalDTD is not None
        or docinfo.externalDTD is not None
    ):
        raise ForbiddenMarkup()
    root = tree.getroot()
    # Siblings of the root (before or after it) and anything inside it.
    node = root.getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            raise ForbiddenMarkup()
        node = node.getprevious()
    node = root.getnext()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            raise ForbiddenMarkup()
        node = node.getnext()
    for el in root.iter(etree.ProcessingInstruction, etree.Entity):
        del el
        raise ForbiddenMarkup()


@functools.lru_cache(maxsize=8)
def _deeper_than(limit: int) -> etree.XPath:
    # From the root (depth 1), ``limit`` child steps reach the elements at depth
    # limit + 1; libxml2 evaluates them step by step over node sets, in C.
    return etree.XPath("boolean(" + "/".join(["*"] * limit) + ")")


def check_depth(root: etree._Element, limit: int = MAX_DEPTH) -> None:
    """Refuse absurdly nested documents before any recursive processing.

    The root counts as depth 1; an element at depth ``limit`` + 1 is refused.
    """
    if limit < 1 or _deeper_than(limit)(root):
        raise EnvelopeInvalid("Document is te diep genest.")
