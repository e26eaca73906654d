"""XSLT 1.0 rule sets of a national standard (iStandaarden), run exactly as published.

An iStandaard (iWlz, iWmo, ...) publishes per message type an XSD and an XSLT 1.0
stylesheet that turns a message into a ``Rapport`` (namespace ``RAPPORT_NAMESPACE``)
with one ``Fout`` per broken rule: a rule code (``CS062``), the paths of the
offending elements and a fixed Dutch explanation. This module compiles such a
stylesheet once, with every include and import confined to the standard's own
folder and XSLT access control DENY_ALL at run time, and turns each ``Fout``
into a Melding that never carries a value from the document:

- the code must have the standard's form (two capitals, three digits);
- the explanation comes from the ``getDetails`` table read at load, not from
  the Rapport; the load refuses a stylesheet whose ``getDetails`` templates
  compute anything or whose rules pass their own ``pDetails``, which proves
  that no explanation can hold a document value;
- each Locatie is resolved to its element in the document and written in our
  own form (local names, ``[n]``, ``(regel N)``); the Rapport's text is not copied;
- the Rapport's Header (which echoes document values) is never read.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from gateway.domain.meldingen import Ernst, Melding
from gateway.locatie import locatie_of
from gateway.security.xmlparse import check_no_forbidden_markup, make_parser

RAPPORT_NAMESPACE = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"
XSL_NAMESPACE = "http://www.w3.org/1999/XSL/Transform"
_XSL = f"{{{XSL_NAMESPACE}}}"
_R = f"{{{RAPPORT_NAMESPACE}}}"

STANDARD_CODE_RE = re.compile(r"[A-Z]{2}[0-9]{3}")
_WHEN_TEST_RE = re.compile(r"\s*\$pRule\s*=\s*'([A-Z]{2}[0-9]{3})'\s*")
_MAX_OMSCHRIJVING = 1000  # the receipt schema's maxLength
MAX_LOCATIES = 10  # per Melding; a rule naming more elements is cut short with "…"
UNKNOWN_RULE_TEXT = "Regel van de standaard is niet nagekomen."
# What a getDetails template may hold: choices between literal texts, nothing computed.
_DETAILS_ALLOWED = {f"{_XSL}{name}" for name in ("param", "choose", "when", "otherwise", "text")}


# No file, network or directory access while a rule set runs (lxml-stubs 0.5 lack DENY_ALL).
_DENY_ALL: etree.XSLTAccessControl = etree.XSLTAccessControl.DENY_ALL  # type: ignore[attr-defined]


class RuleSetError(Exception):
    """A rule set cannot be loaded (raised at start-up, naming the file and the problem)."""


class RuleSetFailed(Exception):
    """The stylesheet failed while running on one message (that message only: 422)."""


# --- files confined to one folder ---------------------------------------------------


def locate(path: Path, folder: Path) -> Path | None:
    """``path`` as an existing file under ``folder``; a name that differs only in case
    resolves to the one file with that name (the iWlz XSDs import ``basisschema.xsd``,
    the published file is ``Basisschema.xsd``). None when outside or absent."""
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        return None
    if resolved.is_file():
        return resolved
    if not resolved.parent.is_dir():
        return None
    wanted = resolved.name.casefold()
    matches = [p for p in resolved.parent.iterdir() if p.name.casefold() == wanted and p.is_file()]
    return matches[0] if len(matches) == 1 else None


def _url_to_path(url: str) -> Path | None:
    """A file path from what libxml2 asks for (a plain path or a file: URL); None otherwise."""
    if url.startswith("file:"):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parts.path))
    if "://" in url:
        return None
    path = Path(url)
    return path if path.is_absolute() else None


class ConfinedResolver(etree.Resolver):
    """Resolve XSD imports and XSLT includes only to files under the given folders."""

    def __init__(self, folders: Iterable[Path]) -> None:
        super().__init__()
        self.folders = tuple(f.resolve() for f in folders)
        self.refused: list[str] = []
        # A stylesheet to load once (see _shared_import): later imports get an empty one.
        self.import_once: Path | None = None
        self.imported_once = 0  # how many later imports of it were answered empty
        self._loaded_once = False
        self._real = True
        self._last: Path | None = None

    def find(self, url: str) -> Path | None:
        path = _url_to_path(url)
        if path is None:
            return None
        for folder in self.folders:
            found = locate(path, folder)
            if found is not None:
                return found
        return None

    # lxml-stubs 0.5 lack the context argument and resolve_filename.
    def resolve(  # type: ignore[override]
        self, system_url: str, public_id: str, context: object
    ) -> object:
        found = self.find(system_url)
        if found is None:
            self._last = None
            self.refused.append(system_url)
            # An empty document: the compile fails and the loader names the refused file.
            return self.resolve_string(b"<refused/>", context)  # type: ignore[call-arg]
        # lxml asks twice per load (its XSLT loader, then the parser for the same URL):
        # consecutive requests for one file are one load and get one answer.
        same_load = found == self._last
        self._last = found
        if found == self.import_once:
            if not same_load:
                self._real = not self._loaded_once
                self._loaded_once = True
                self.imported_once += 0 if self._real else 1
            if not self._real:
                return self.resolve_string(_EMPTY_STYLESHEET, context)  # type: ignore[call-arg]
        return self.resolve_filename(str(found), context)  # type: ignore[attr-defined]


_EMPTY_STYLESHEET = f'<xsl:stylesheet version="1.0" xmlns:xsl="{XSL_NAMESPACE}"/>'.encode()


def parse_confined(path: Path, resolver: ConfinedResolver) -> etree._ElementTree:
    """Parse a local XSD or stylesheet with the hardened parser plus ``resolver``."""
    parser = make_parser()
    parser.resolvers.add(resolver)
    try:
        tree = etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise RuleSetError(f"{path}: not a readable, well-formed XML document: {exc}") from exc
    try:
        check_no_forbidden_markup(tree)
    except Exception as exc:
        raise RuleSetError(f"{path}: DOCTYPE, entities or processing instructions") from exc
    return tree


# --- loading a stylesheet ----------------------------------------------------------------


def _stylesheet_tree(path: Path, resolver: ConfinedResolver) -> dict[Path, etree._ElementTree]:
    """Every stylesheet reachable by xsl:import/xsl:include from ``path``, each parsed once."""
    found: dict[Path, etree._ElementTree] = {}
    pending = [path]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        tree = parse_confined(current, resolver)
        found[current] = tree
        pending.extend(target for _kind, target in _references(current, tree, resolver))
        if _uses_document(tree):
            raise RuleSetError(f"{current}: document() is not allowed in a rule set")
    return found


def _references(
    path: Path, tree: etree._ElementTree, resolver: ConfinedResolver
) -> list[tuple[str, Path]]:
    """Each xsl:import and xsl:include of one stylesheet: ("import" or "include", the file);
    an href that is not a relative path inside the rule set's folders is refused."""
    found: list[tuple[str, Path]] = []
    for el in tree.getroot().iter(f"{_XSL}import", f"{_XSL}include"):
        href = el.get("href") or ""
        if not href or ":" in href or href.startswith(("/", "\\")):
            raise RuleSetError(f"{path}: href {href!r} must be a relative path")
        target = resolver.find(str((path.parent / href).resolve()))
        if target is None:
            raise RuleSetError(f"{path}: {href} lies outside the rule set's folder or is missing")
        found.append((etree.QName(el).localname, target))
    return found


def _edges(
    trees: Mapping[Path, etree._ElementTree], resolver: ConfinedResolver
) -> tuple[list[tuple[Path, Path]], list[tuple[Path, Path]]]:
    """Every (source, target) of xsl:import, and of xsl:include, in the loaded tree."""
    imports: list[tuple[Path, Path]] = []
    includes: list[tuple[Path, Path]] = []
    for source, tree in trees.items():
        for kind, target in _references(source, tree, resolver):
            (imports if kind == "import" else includes).append((source, target))
    return imports, includes


def _shared_import(
    trees: Mapping[Path, etree._ElementTree], resolver: ConfinedResolver
) -> Path | None:
    """The stylesheet that every xsl:import of the tree names, when it is safe to load once.

    The iWlz stylesheets import ``common/basis.xsl`` from each of their 50-odd rule
    modules, and libxslt compiles every import anew: 1.5 MiB each, 84 MiB for AW33.
    When every import (outside the imported stylesheet's own) names one stylesheet
    R, and nothing includes R or what R imports, the imports are identical copies
    of R, all below every including stylesheet: one copy has the same templates,
    variables and keys, with the same precedence against everything else, as all of
    them. Then R is loaded for its first import and every later import gets an
    empty stylesheet. In any other shape (two different stylesheets imported, R
    included somewhere) nothing is changed: each import is loaded as written.
    ``tests/unit/test_rulesets.py`` proves the outputs equal lxml's on the
    published files, byte for byte.
    """
    imports, includes = _edges(trees, resolver)
    for root in {target for _source, target in imports}:
        closure = {root}
        pending = [root]
        while pending:
            current = pending.pop()
            for source, target in (*imports, *includes):
                if source == current and target not in closure:
                    closure.add(target)
                    pending.append(target)
        if all(target == root or source in closure for source, target in imports) and not any(
            target in closure for _source, target in includes
        ):
            return root
    return None


_DOCUMENT_CALL_RE = re.compile(r"\b(document|unparsed-text)\s*\(")


def _uses_document(tree: etree._ElementTree) -> bool:
    """Any XPath (select, test, match, use, an attribute value template) calling document()."""
    return any(
        _DOCUMENT_CALL_RE.search(str(value))
        for node in tree.getroot().iter()
        if isinstance(node.tag, str)
        for value in node.attrib.values()
    )


def _details_table(trees: Mapping[Path, etree._ElementTree]) -> dict[str, str]:
    """The fixed explanation per rule code, from the getDetails templates.

    Proves at load that no explanation can carry a document value: a getDetails
    template may only choose between literal texts, and no rule passes a pDetails
    of its own (the only other way basis.xsl fills Details).
    """
    table: dict[str, str] = {}
    for path, tree in trees.items():
        root = tree.getroot()
        for param in root.iter(f"{_XSL}with-param"):
            if param.get("name") == "pDetails":
                raise RuleSetError(
                    f"{path} (regel {param.sourceline}): a rule passes its own pDetails; "
                    "Details must be the standard's fixed text"
                )
        for template in root.iter(f"{_XSL}template"):
            if template.get("mode") != "getDetails":
                continue
            for node in template.iterdescendants():
                if not isinstance(node.tag, str):
                    continue  # comments
                if node.tag not in _DETAILS_ALLOWED or node.get("select") is not None:
                    raise RuleSetError(
                        f"{path} (regel {node.sourceline}): a getDetails template may only "
                        f"choose between literal texts, not {etree.QName(node).localname}"
                    )
            for when in template.iter(f"{_XSL}when"):
                match = _WHEN_TEST_RE.fullmatch(when.get("test") or "")
                if match is None:
                    raise RuleSetError(
                        f"{path} (regel {when.sourceline}): getDetails test must be $pRule='XX000'"
                    )
                text = " ".join("".join(map(str, when.itertext())).split())
                code = match[1]
                if code in table and table[code] != text:
                    raise RuleSetError(f"{path}: two different Details texts for {code}")
                table[code] = text
    return table


def _literal_rule_codes(trees: Mapping[Path, etree._ElementTree]) -> frozenset[str]:
    """Rule codes the stylesheets pass as literal pRule values (what a Fout may name)."""
    codes: set[str] = set()
    for tree in trees.values():
        for param in tree.getroot().iter(f"{_XSL}with-param"):
            if param.get("name") == "pRule" and param.get("select") is None:
                text = "".join(map(str, param.itertext())).strip()
                if STANDARD_CODE_RE.fullmatch(text):
                    codes.add(text)
    return frozenset(codes)


@dataclass(frozen=True)
class XsltRuleSet:
    """One compiled stylesheet and what its findings may say."""

    path: Path
    code: str  # the GW code every finding of this rule set carries
    details: Mapping[str, str] = field(repr=False)
    known_codes: frozenset[str] = field(repr=False)
    transform: etree.XSLT = field(repr=False, compare=False)
    # The stylesheet loaded once for all its imports (_shared_import), and how many
    # further imports of it were answered with an empty stylesheet.
    shared_import: Path | None = field(default=None, repr=False, compare=False)
    imports_skipped: int = field(default=0, repr=False, compare=False)
    # lxml keeps one error log per XSLT object: one run at a time.
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def run(self, document: etree._Element) -> list[Melding]:
        """The Meldingen for ``document`` (the message root); RuleSetFailed if the run fails."""
        with self._lock:
            try:
                result = self.transform(document.getroottree())
            except etree.XSLTError as exc:
                raise RuleSetFailed(str(self.path)) from exc
        rapport = result.getroot()
        if rapport is None or rapport.tag != f"{_R}Rapport":
            raise RuleSetFailed(f"{self.path}: result is not a Rapport")
        fouten = rapport.find(f"{_R}Fouten")
        return [
            self._melding(fout, document)
            for fout in (fouten if fouten is not None else ())
            if fout.tag == f"{_R}Fout"
        ]

    def _melding(self, fout: etree._Element, document: etree._Element) -> Melding:
        raw_code = (fout.findtext(f"{_R}Code") or "").strip()
        if STANDARD_CODE_RE.fullmatch(raw_code) and raw_code in self.known_codes | set(
            self.details
        ):
            details = self.details.get(raw_code, UNKNOWN_RULE_TEXT)
            omschrijving = f"{raw_code}: {details}"
        else:
            omschrijving = UNKNOWN_RULE_TEXT
        if len(omschrijving) > _MAX_OMSCHRIJVING:
            omschrijving = omschrijving[: _MAX_OMSCHRIJVING - 1] + "…"
        locaties = [
            _our_locatie(el, document)
            for el in (
                resolve_path(text or "", document)
                for text in (loc.text for loc in fout.iterfind(f"{_R}Locatie"))
            )
            if el is not None
        ]
        if len(locaties) > MAX_LOCATIES:
            locaties = [*locaties[:MAX_LOCATIES], "…"]
        locatie = "; ".join(dict.fromkeys(locaties)) or _our_locatie(document, document)
        return Melding(self.code, Ernst.FOUT, omschrijving, locatie)


_STEP_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)(?:\[([0-9]{1,6})\])?")


def resolve_path(path: str, document: etree._Element) -> etree._Element | None:
    """The element a Rapport Locatie names (``/Bericht/Clienten/Client[2]/Bsn``), or None.

    The path is read, never copied: the Melding gets our own rendering of the element.
    """
    steps = path.strip().strip("/").split("/")
    if not steps or steps == [""]:
        return None
    first = _STEP_RE.fullmatch(steps[0])
    if first is None or first[1] != etree.QName(document).localname:
        return None
    node = document
    for step in steps[1:]:
        match = _STEP_RE.fullmatch(step)
        if match is None:
            return None
        same = [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == match[1]]
        index = int(match[2]) if match[2] else 1
        if not 1 <= index <= len(same):
            return None
        node = same[index - 1]
    return node


_our_locatie = locatie_of  # the one Locatie format of all Meldingen


# Compiled rule sets of this process, by their files' names, sizes and times: every
# registry load (each test's gateway, a reload) would otherwise compile them again.
_COMPILED: dict[tuple[object, ...], XsltRuleSet] = {}
_COMPILED_LOCK = threading.Lock()


def _fingerprint(folders: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    stats = []
    for folder in folders:
        for file in sorted(folder.rglob("*.xsl")):
            st = file.stat()
            stats.append((str(file), st.st_size, st.st_mtime_ns))
    return tuple(stats)


def compile_rule_set(
    path: Path, folders: Iterable[Path], code: str, *, hooks: Path | None = None
) -> XsltRuleSet:
    """As :func:`_compile_rule_set`, once per process for unchanged files."""
    folders = tuple(folders)
    watched = (*folders, *([hooks.parent] if hooks is not None else []))
    key = (path, folders, code, hooks, _fingerprint(watched))
    with _COMPILED_LOCK:
        found = _COMPILED.get(key)
        if found is None:
            found = _COMPILED[key] = _compile_rule_set(path, folders, code, hooks=hooks)
        return found


def _compile_rule_set(
    path: Path, folders: Iterable[Path], code: str, *, hooks: Path | None = None
) -> XsltRuleSet:
    """Compile ``path`` (and its include tree, confined to ``folders``) once.

    ``hooks`` is a deployment's stylesheet that overrides the standard's hook
    templates (e.g. ``validZorginstelling`` for TR100): it is imported after the
    standard's stylesheet, so its templates take precedence; it lives in the
    deployment's folder, which is then allowed as well.
    """
    allowed = [*folders] + ([hooks.parent] if hooks is not None else [])
    resolver = ConfinedResolver(allowed)
    trees = _stylesheet_tree(path, resolver)
    standard = dict(trees)
    if hooks is not None:
        trees.update(_stylesheet_tree(hooks, resolver))
    details = _details_table(trees)
    known = _literal_rule_codes(trees)
    # Load the standard's shared import once (see _shared_import), unless the hooks name
    # any of the standard's files themselves (the resolver cannot tell their loads apart).
    hook_trees = {p: t for p, t in trees.items() if p not in standard}
    imports, includes = _edges(hook_trees, resolver)
    if not any(target in standard for _source, target in (*imports, *includes)):
        resolver.import_once = _shared_import(standard, resolver)
    if hooks is None:
        document = trees[path]
    else:
        wrapper = (
            f'<xsl:stylesheet version="1.0" xmlns:xsl="{XSL_NAMESPACE}">'
            f'<xsl:import href="{path.as_uri()}"/><xsl:import href="{hooks.as_uri()}"/>'
            "</xsl:stylesheet>"
        ).encode()
        parser = make_parser()
        parser.resolvers.add(resolver)
        document = etree.ElementTree(
            etree.fromstring(wrapper, parser, base_url=str(hooks.parent / "_wrapper.xsl"))
        )
    try:
        transform = etree.XSLT(document, access_control=_DENY_ALL)
    except etree.XSLTParseError as exc:
        if resolver.refused:
            raise RuleSetError(
                f"{path}: refers to {resolver.refused[0]}, outside the rule set's folder"
            ) from exc
        raise RuleSetError(f"{path}: not a valid XSLT 1.0 stylesheet: {exc}") from exc
    if resolver.refused:
        raise RuleSetError(
            f"{path}: refers to {resolver.refused[0]}, outside the rule set's folder"
        )
    return XsltRuleSet(
        path=path,
        code=code,
        details=details,
        known_codes=known,
        transform=transform,
        shared_import=resolver.import_once,
        imports_skipped=resolver.imported_once,
    )


# --- own rules in ISO Schematron ---------------------------------------------------------

SCHEMATRON_NAMESPACE = "http://purl.oclc.org/dsdl/schematron"
SVRL_NAMESPACE = "http://purl.oclc.org/dsdl/svrl"
_SCH = f"{{{SCHEMATRON_NAMESPACE}}}"
_SVRL = f"{{{SVRL_NAMESPACE}}}"
_OWN_CODE_RE = re.compile(r"GW4[0-9]{2}")
# Elements of a Schematron schema that could put a document value into a message text,
# or pull in other files.
_SCH_REFUSED = {f"{_SCH}{name}" for name in ("value-of", "include", "extends", "diagnostics")}


@dataclass(frozen=True)
class SchematronAssert:
    """One assert or report: its code, ernst and fixed Dutch text (from the schema, at load)."""

    code: str
    ernst: Ernst
    omschrijving: str


@dataclass(frozen=True)
class SchematronRules:
    """A type's own business rules in ISO Schematron (XSLT 1.0 binding), compiled once."""

    path: Path
    asserts: Mapping[str, SchematronAssert] = field(repr=False)
    transform: etree.XSLT = field(repr=False, compare=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.asserts)

    def run(self, document: etree._Element) -> list[Melding]:
        """One Melding per failed assert and successful report, text and code from the load."""
        with self._lock:
            try:
                result = self.transform(document.getroottree())
            except etree.XSLTError as exc:
                raise RuleSetFailed(str(self.path)) from exc
        findings: list[Melding] = []
        for node in result.getroot().iter(f"{_SVRL}failed-assert", f"{_SVRL}successful-report"):
            rule = self.asserts.get(node.get("id") or "")
            if rule is None:  # every assert has a known id (checked at load)
                raise RuleSetFailed(f"{self.path}: a finding without a known id")
            found = document.getroottree().xpath(node.get("location") or "/*")
            element = (
                found[0]
                if isinstance(found, list) and found and isinstance(found[0], etree._Element)
                else document
            )
            findings.append(
                Melding(rule.code, rule.ernst, rule.omschrijving, locatie_of(element, document))
            )
        return findings


def compile_schematron(path: Path, folder: Path) -> SchematronRules:
    """Load an ISO Schematron file: every assert/report needs ``id`` (GW4xx), ``role``
    (fout or waarschuwing, default fout) and a literal text; ``value-of``, includes and
    diagnostics are refused, so no message text can carry a document value."""
    from lxml import isoschematron  # type: ignore[attr-defined]  # lxml-stubs lack it

    resolver = ConfinedResolver([folder])
    tree = parse_confined(path, resolver)
    root = tree.getroot()
    if root.tag != f"{_SCH}schema":
        raise RuleSetError(f"{path}: not an ISO Schematron schema")
    if root.get("queryBinding", "xslt") not in {"xslt", "xslt1"}:
        raise RuleSetError(f"{path}: queryBinding must be xslt (XSLT 1.0)")
    for node in root.iter():
        if node.tag in _SCH_REFUSED:
            raise RuleSetError(
                f"{path} (regel {node.sourceline}): {etree.QName(node).localname} is not "
                "allowed (a message text must never copy a value from the document)"
            )
    if _uses_document(tree):
        raise RuleSetError(f"{path}: document() is not allowed in a rule set")
    asserts: dict[str, SchematronAssert] = {}
    for node in root.iter(f"{_SCH}assert", f"{_SCH}report"):
        where = f"{path} (regel {node.sourceline})"
        code = node.get("id") or ""
        if not _OWN_CODE_RE.fullmatch(code):
            raise RuleSetError(f"{where}: id must be the rule's code, GW4xx")
        if code in asserts:
            raise RuleSetError(f"{where}: {code} is used twice")
        try:
            ernst = Ernst(node.get("role", "fout"))
        except ValueError as exc:
            raise RuleSetError(f"{where}: role must be 'fout' or 'waarschuwing'") from exc
        if any(isinstance(child.tag, str) for child in node):
            raise RuleSetError(f"{where}: the text of {code} must be literal (no elements)")
        text = " ".join("".join(map(str, node.itertext())).split())
        if not text or len(text) > _MAX_OMSCHRIJVING:
            raise RuleSetError(f"{where}: {code} needs a text of 1 to 1000 characters")
        asserts[code] = SchematronAssert(code, ernst, text)
    if not asserts:
        raise RuleSetError(f"{path}: no assert or report")
    try:
        schematron = isoschematron.Schematron(tree, include=False, store_xslt=True)
        transform = etree.XSLT(schematron.validator_xslt, access_control=_DENY_ALL)
    except (etree.SchematronParseError, etree.XSLTParseError) as exc:
        raise RuleSetError(f"{path}: not a valid ISO Schematron schema: {exc}") from exc
    return SchematronRules(path=path, asserts=asserts, transform=transform)
