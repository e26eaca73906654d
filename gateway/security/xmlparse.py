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
from typing import Any, Protocol

from lxml import etree

from gateway.domain.errors import EnvelopeInvalid, ForbiddenMarkup, GatewayError

# Deeper than any legitimate message of ours; guards recursion in later stages.
MAX_DEPTH = 64

# Bytes that make a syntax error forbidden markup (GW102) rather than malformed XML.
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
_MARK_OVERLAP = max(len(mark) for mark in _DTD_MARKS) - 1
# The feed parser reads the encoding from its first bytes: give it at least these at once.
_FIRST_FEED = 4096


def make_parser(target: Any = None) -> etree.XMLParser:
    """A fresh hardened parser (lxml parsers are not thread-safe, so one per use);
    with ``target``, the same options for a parser that calls the target's events."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
        target=target,
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
        if any(mark in data for mark in _DTD_MARKS):
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


class TextSink(Protocol):
    """Takes the text of one element as the parser delivers it, piece by piece."""

    def start(self, element: etree._Element) -> None: ...

    def write(self, text: str) -> None: ...


class UntrustedFeed:
    """:func:`parse_untrusted` for a document that arrives in pieces, with one element's
    text handed to a sink as it is parsed instead of being kept in the tree.

    The hardening is parse_untrusted's: the same parser options (:func:`make_parser`),
    the same refusals with the same codes in the same order (a syntax error first, GW102
    when the bytes hold a DOCTYPE or ENTITY declaration, else ``malformed``; then a
    DOCTYPE or a processing instruction anywhere, GW102; then :func:`check_depth`).
    A fault found while feeding is kept until :meth:`close`, so that a caller reading a
    body to its end (to enforce its size limit) gives the answer it gives today.

    ``divert`` is the path of Clark names from the root to the element whose text goes
    to ``sink`` (its first occurrence only); everything else is built into an lxml tree
    by lxml's own TreeBuilder.
    """

    def __init__(
        self,
        divert: tuple[str, ...],
        sink: TextSink,
        *,
        malformed: type[GatewayError] = EnvelopeInvalid,
    ) -> None:
        self._target = _DivertingTarget(divert, sink)
        self._parser = make_parser(self._target)
        self._malformed = malformed
        self._head = bytearray()  # the first bytes, until _FIRST_FEED of them are here
        self._fed = False
        self._tail = b""  # the last bytes seen, for a DTD mark across two pieces
        self._dtd_mark = False
        self._error: Exception | None = None

    def feed(self, data: bytes) -> None:
        """Parse the next piece; never raises for the document's content (see close)."""
        if not self._dtd_mark:
            window = self._tail + data[:_MARK_OVERLAP]
            self._dtd_mark = any(mark in data or mark in window for mark in _DTD_MARKS)
            self._tail = (self._tail + data)[-_MARK_OVERLAP:]
        if self._error is not None:
            return
        if not self._fed:
            self._head += data
            if len(self._head) < _FIRST_FEED:
                return
            data, self._head, self._fed = bytes(self._head), bytearray(), True
        self._parse(data)

    def _parse(self, data: bytes | None) -> None:
        """Feed ``data`` (None: the end) to the parser, keeping the first error."""
        try:
            if data is None:
                self._parser.close()
            else:
                self._parser.feed(data)
        except (etree.XMLSyntaxError, ValueError) as exc:
            self._error = exc

    def close(self) -> etree._ElementTree:
        """The tree (without the diverted text), or the error parse_untrusted raises."""
        if self._error is None and not self._fed:
            self._fed = True
            self._parse(bytes(self._head))
        if self._error is None:
            self._parse(None)
        if self._error is not None:
            if self._dtd_mark:
                raise ForbiddenMarkup() from self._error
            raise self._malformed() from self._error
        target = self._target
        if target.forbidden:
            raise ForbiddenMarkup()
        if target.root is None:  # pragma: no cover - libxml2 reports a missing root
            raise self._malformed()
        tree = etree.ElementTree(target.root)
        check_no_forbidden_markup(tree)
        check_depth(tree.getroot())
        return tree


class _DivertingTarget:
    """Parser target: lxml's TreeBuilder, except for the diverted element's own text,
    and a note of any DOCTYPE or processing instruction (the tree has no docinfo)."""

    def __init__(self, divert: tuple[str, ...], sink: TextSink) -> None:
        # Any: lxml-stubs give TreeBuilder.start no nsmap and start/end no element.
        self._builder: Any = etree.TreeBuilder()
        self._divert = divert
        self._sink = sink
        self._path: list[str] = []
        self._matched = 0  # how many leading steps of the open path equal divert's
        self._diverting = False
        self._diverted = False
        self.root: etree._Element | None = None
        self.forbidden = False

    def start(self, tag: str, attrib: dict[str, str], nsmap: dict[str, str]) -> etree._Element:
        # lxml names the default namespace "" here; its element factories want None.
        element: etree._Element = self._builder.start(
            tag, attrib, {prefix or None: uri for prefix, uri in nsmap.items()}
        )
        path = self._path
        depth = len(path)
        if self._matched == depth < len(self._divert) and self._divert[depth] == tag:
            self._matched += 1
        path.append(tag)
        if self.root is None:
            self.root = element
        self._diverting = not self._diverted and self._matched == len(path) == len(self._divert)
        if self._diverting:
            self._diverted = True
            self._sink.start(element)
        return element

    def end(self, tag: str) -> etree._Element:
        path = self._path
        if self._matched == len(path):
            self._matched -= 1
        path.pop()
        self._diverting = False
        element: etree._Element = self._builder.end(tag)
        return element

    def data(self, text: str) -> None:
        if self._diverting:
            self._sink.write(text)
        else:
            self._builder.data(text)

    def comment(self, text: str) -> Any:
        self._diverting = False  # text after a child is its tail, not the diverted text
        return self._builder.comment(text)

    def pi(self, target: str, data: str | None = None) -> None:
        self.forbidden = True

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        self.forbidden = True

    def close(self) -> Any:
        return self._builder.close()
