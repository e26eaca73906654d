"""The registry of message types and how it is loaded from ``schemas/``."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from gateway.domain.errors import GatewayError
from gateway.domain.meldingen import Ernst
from gateway.domain.participants import Role
from gateway.messagetypes.common import (
    _MAX_OMSCHRIJVING,
    _NAAM_RE,
    _PREFIX_RE,
    _RULE_CODE_RE,
    _VERSIE_RE,
    COMMON_SCHEMA,
    DEFAULT_MAX_ELEMENTS,
    DEFAULT_ROOT,
    REGISTRY_FILE,
    SCHEMAS_ENV,
    XSD_NAMESPACE,
    MessageTypeError,
)
from gateway.messagetypes.rules import (
    RULE_KINDS,
    Rule,
    _Params,
)
from gateway.messagetypes.standard import (
    HEADER_FIELDS,
    ExternalStandard,
)
from gateway.messagetypes.types import (
    MessageType,
)
from gateway.rulesets import (
    ConfinedResolver,
    RuleSetError,
    compile_rule_set,
    compile_schematron,
    locate,
    parse_confined,
)
from gateway.security.xmlparse import parse_untrusted

# --- loading -----------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise MessageTypeError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MessageTypeError(f"{path}: not valid TOML: {exc}") from exc


def _inside(path: Path, folder: Path, where: str) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        raise MessageTypeError(f"{where}: {path} lies outside {folder}")
    if not resolved.is_file():
        raise MessageTypeError(f"{where}: {path} does not exist")
    return resolved


def _parse_xsd(path: Path) -> etree._ElementTree:
    """Parse one XSD with the hardened parser (no DTD, no entities, no network)."""
    try:
        tree = parse_untrusted(path.read_bytes())
    except OSError as exc:
        raise MessageTypeError(f"{path}: cannot read: {exc.strerror}") from exc
    except GatewayError as exc:
        raise MessageTypeError(f"{path}: not a well-formed, DTD-free XML document") from exc
    tree.docinfo.URL = str(path)  # so relative schemaLocations resolve next to the file
    return tree


def _check_imports(path: Path, tree: etree._ElementTree, root: Path, seen: set[Path]) -> None:
    """Every imported or included XSD is a relative file under ``root`` and parses safely."""
    seen.add(path)
    locations = tree.xpath(
        "/xs:schema/xs:import/@schemaLocation | /xs:schema/xs:include/@schemaLocation"
        " | /xs:schema/xs:redefine/@schemaLocation | /xs:schema/xs:override/@schemaLocation",
        namespaces={"xs": XSD_NAMESPACE},
    )
    for location in map(str, locations if isinstance(locations, list) else []):
        if ":" in location or location.startswith(("/", "\\")):
            raise MessageTypeError(f"{path}: schemaLocation {location!r} must be a relative path")
        target = locate(path.parent / location, root)
        if target is None:
            raise MessageTypeError(f"{path}: {location} lies outside {root} or does not exist")
        if target not in seen:
            _check_imports(target, _parse_xsd(target), root, seen)


def _compile_schema(path: Path, root: Path) -> etree.XMLSchema:
    path = _inside(path, root, str(root / REGISTRY_FILE))
    tree = _parse_xsd(path)
    _check_imports(path, tree, root, set())
    # Parsed again with a resolver that keeps imports under root and finds a file whose
    # name differs only in case (iWlz: basisschema.xsd is published as Basisschema.xsd).
    resolver = ConfinedResolver([root])
    try:
        schema = etree.XMLSchema(parse_confined(path, resolver))
    except RuleSetError as exc:
        raise MessageTypeError(str(exc)) from exc
    except etree.XMLSchemaParseError as exc:
        raise MessageTypeError(f"{path}: not a valid XML Schema: {exc}") from exc
    if resolver.refused:
        raise MessageTypeError(f"{path}: imports {resolver.refused[0]}, outside {root}")
    return schema


def _required_str(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise MessageTypeError(f"{where}: {key!r} must be a non-empty string")
    return value


_REGISTRY_KEYS = {
    "naam",
    "versie",
    "map",
    "schema",
    "rules",
    "schematron",
    "root",
    "bsn_xpaths",
    "afzender_rol",
    "ontvanger_rol",
    "antwoord_op",
}


def _role(entry: Mapping[str, Any], key: str, default: Role, where: str) -> Role:
    """``afzender_rol`` / ``ontvanger_rol``: zorgaanbieder or concessiehouder."""
    raw = entry.get(key, default.value)
    try:
        return Role(raw)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise MessageTypeError(f"{where}: {key} must be one of {roles}") from None


def _antwoord_op(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = entry.get("antwoord_op", [])
    if not isinstance(raw, list) or not all(
        isinstance(x, str) and _NAAM_RE.fullmatch(x) for x in raw
    ):
        raise MessageTypeError(f"{where}: antwoord_op must be a list of BerichtType names")
    return tuple(raw)


# A payload in an external standard (README "payloads in an external standard").
_STANDARD_KEYS = {"standaard", "xslt", "regelset_code", "max_elementen", "kop", "namespaces"}


def _bsn_paths(raw: object, namespace: str, where: str) -> tuple[etree.XPath, ...]:
    """``bsn_xpaths``: XPaths from the payload root; prefix ``t`` is the type's namespace."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise MessageTypeError(f"{where}: bsn_xpaths must be a list of XPath strings")
    try:
        return tuple(etree.XPath(x, namespaces={"t": namespace}) for x in raw)
    except etree.XPathSyntaxError as exc:
        raise MessageTypeError(f"{where}: bsn_xpaths: {exc}") from exc


def _load_type(
    entry: Mapping[str, Any], root: Path, where: str, *, hooks: Path | None = None
) -> MessageType:
    unknown = sorted(set(entry) - _REGISTRY_KEYS - _STANDARD_KEYS)
    if unknown:
        raise MessageTypeError(f"{where}: unknown key(s) {', '.join(unknown)}")
    naam = _required_str(entry, "naam", where)
    versie = _required_str(entry, "versie", where)
    if not _NAAM_RE.fullmatch(naam) or not _VERSIE_RE.fullmatch(versie):
        raise MessageTypeError(f"{where}: naam or versie does not have the envelope's form")
    where = f"{where} ({naam} {versie})"
    folder = (root / _required_str(entry, "map", where)).resolve()
    if not folder.is_relative_to(root) or not folder.is_dir():
        raise MessageTypeError(f"{where}: map must be a folder under {root}")
    standard_folder = folder
    if "standaard" in entry:
        standard_folder = (root / _required_str(entry, "standaard", where)).resolve()
        if not standard_folder.is_relative_to(root) or not standard_folder.is_dir():
            raise MessageTypeError(f"{where}: standaard must be a folder under {root}")
    elif set(entry) & _STANDARD_KEYS:
        raise MessageTypeError(f"{where}: {sorted(set(entry) & _STANDARD_KEYS)} need 'standaard'")
    schema_path = _inside(
        standard_folder / _required_str(entry, "schema", where), standard_folder, where
    )
    schema = _compile_schema(schema_path, root)
    namespace, root_name = _schema_root(schema_path, entry.get("root"), where)
    standard = (
        _load_standard(entry, standard_folder, namespace, where, hooks=hooks)
        if "standaard" in entry
        else None
    )
    rules: tuple[Rule, ...] = ()
    if "rules" in entry:
        rules_path = _inside(folder / _required_str(entry, "rules", where), folder, where)
        rules = _load_rules(rules_path)
    schematron = None
    if "schematron" in entry:
        sch_path = _inside(folder / _required_str(entry, "schematron", where), folder, where)
        try:
            schematron = compile_schematron(sch_path, folder)
        except RuleSetError as exc:
            raise MessageTypeError(f"{where}: {exc}") from exc
        clash = set(schematron.codes) & {r.code for r in rules}
        if clash:
            raise MessageTypeError(f"{where}: {sorted(clash)} in both rules and schematron")
    return MessageType(
        naam=naam,
        versie=versie,
        namespace=namespace,
        root_tag=f"{{{namespace}}}{root_name}",
        schema=schema,
        rules=rules,
        folder=folder,
        bsn_paths=_bsn_paths(entry.get("bsn_xpaths"), namespace, where),
        standard=standard,
        schematron=schematron,
        afzender_rol=_role(entry, "afzender_rol", Role.ZORGAANBIEDER, where),
        ontvanger_rol=_role(entry, "ontvanger_rol", Role.CONCESSIEHOUDER, where),
        antwoord_op=_antwoord_op(entry, where),
    )


def _load_standard(
    entry: Mapping[str, Any],
    folder: Path,
    namespace: str,
    where: str,
    *,
    hooks: Path | None = None,
) -> ExternalStandard:
    """Header XPaths, element cap and XSLT rule set of an external-standard type."""
    namespaces = entry.get("namespaces", {})
    if not isinstance(namespaces, dict) or not all(
        isinstance(k, str) and _PREFIX_RE.fullmatch(k) and k != "t" and isinstance(v, str) and v
        for k, v in namespaces.items()
    ):
        raise MessageTypeError(f"{where}: namespaces must map prefixes (not 't') to URIs")
    namespaces = {**namespaces, "t": namespace}
    kop = entry.get("kop")
    if not isinstance(kop, dict) or set(kop) != set(HEADER_FIELDS):
        raise MessageTypeError(f"{where}: kop must give exactly {', '.join(HEADER_FIELDS)}")
    header: dict[str, etree.XPath] = {}
    for name in HEADER_FIELDS:
        params = _Params({"select": kop[name]}, namespaces, f"{where}: kop.{name}")
        header[name] = params.xpath("select")
    max_elements = entry.get("max_elementen", DEFAULT_MAX_ELEMENTS)
    if isinstance(max_elements, bool) or not isinstance(max_elements, int) or max_elements < 1:
        raise MessageTypeError(f"{where}: max_elementen must be a positive integer")
    rule_set = None
    if "xslt" in entry:
        code = _required_str(entry, "regelset_code", where)
        if not _RULE_CODE_RE.fullmatch(code):
            raise MessageTypeError(f"{where}: regelset_code must look like GW4xx")
        xslt_path = _inside(folder / _required_str(entry, "xslt", where), folder, where)
        hook_file = None
        if hooks is not None:
            candidate = hooks / f"{entry['naam']}-{entry['versie']}.xsl"
            hook_file = candidate.resolve() if candidate.is_file() else None
        try:
            rule_set = compile_rule_set(xslt_path, [folder], code, hooks=hook_file)
        except RuleSetError as exc:
            raise MessageTypeError(f"{where}: {exc}") from exc
    elif "regelset_code" in entry:
        raise MessageTypeError(f"{where}: regelset_code without xslt")
    return ExternalStandard(header=header, rule_set=rule_set, max_elements=max_elements)


def _schema_root(path: Path, configured: object, where: str) -> tuple[str, str]:
    """The type's namespace and root element: the XSD's only global element, or ``root``."""
    schema_el = _parse_xsd(path).getroot()
    namespace = schema_el.get("targetNamespace")
    if not namespace:
        raise MessageTypeError(f"{path}: a message type schema needs a targetNamespace")
    names = [str(el.get("name")) for el in schema_el.iterchildren(f"{{{XSD_NAMESPACE}}}element")]
    if configured is not None:
        if not isinstance(configured, str) or configured not in names:
            raise MessageTypeError(f"{where}: root must name a global element of {path.name}")
        return namespace, configured
    if len(names) != 1:
        raise MessageTypeError(
            f"{where}: {path.name} declares {len(names)} global elements; name one with 'root'"
        )
    return namespace, names[0]


_RULE_COMMON_KEYS = ("code", "ernst", "omschrijving", "kind")


def _load_rules(path: Path) -> tuple[Rule, ...]:
    data = _read_toml(path)
    unknown = sorted(set(data) - {"namespaces", "rule"})
    if unknown:
        raise MessageTypeError(f"{path}: unknown key(s) {', '.join(unknown)}")
    namespaces = data.get("namespaces", {})
    if not isinstance(namespaces, dict) or not all(
        isinstance(k, str) and _PREFIX_RE.fullmatch(k) and isinstance(v, str) and v
        for k, v in namespaces.items()
    ):
        raise MessageTypeError(f"{path}: [namespaces] must map prefixes to namespace URIs")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise MessageTypeError(f"{path}: 'rule' must be an array of tables ([[rule]])")
    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules, start=1):
        rule = _load_rule(raw, namespaces, path, f"{path}: rule #{index}")
        if any(r.code == rule.code for r in rules):
            raise MessageTypeError(f"{path}: rule {rule.code} is defined twice")
        rules.append(rule)
    return tuple(rules)


def _load_rule(
    raw: Mapping[str, Any], namespaces: Mapping[str, str], source: Path, where: str
) -> Rule:
    code = raw.get("code")
    if isinstance(code, str):
        where = f"{where} ({code})"
    if not isinstance(code, str) or not _RULE_CODE_RE.fullmatch(code):
        raise MessageTypeError(f"{where}: code must look like GW4xx")
    try:
        ernst = Ernst(str(raw.get("ernst")))
    except ValueError as exc:
        raise MessageTypeError(f"{where}: ernst must be 'fout' or 'waarschuwing'") from exc
    omschrijving = raw.get("omschrijving")
    if not isinstance(omschrijving, str) or not omschrijving.strip():
        raise MessageTypeError(f"{where}: omschrijving must be a non-empty string")
    if len(omschrijving) > _MAX_OMSCHRIJVING:
        raise MessageTypeError(f"{where}: omschrijving is longer than {_MAX_OMSCHRIJVING}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in RULE_KINDS:
        raise MessageTypeError(
            f"{where}: kind must be one of {', '.join(sorted(RULE_KINDS))}, not {kind!r}"
        )
    params = _Params(
        {k: v for k, v in raw.items() if k not in _RULE_COMMON_KEYS}, namespaces, where
    )
    check = RULE_KINDS[kind](params)
    params.finish()
    return Rule(
        code=code,
        ernst=ernst,
        omschrijving=omschrijving.strip(),
        kind=kind,
        source=source,
        check=check,
    )


class MessageTypeRegistry:
    """All message types from ``schemas/registry.toml``, plus the common envelope schema."""

    def __init__(
        self, types: Mapping[tuple[str, str], MessageType], envelope_schema: etree.XMLSchema
    ):
        self._types = dict(types)
        self.envelope_schema = envelope_schema

    @classmethod
    def load(cls, root: Path | None = None, *, hooks: Path | None = None) -> MessageTypeRegistry:
        """Read the registry and compile every XSD and rules.toml (MessageTypeError on a flaw).

        ``hooks`` is a deployment's folder: ``<naam>-<versie>.xsl`` there overrides the
        hook templates of that type's XSLT rule set (schemas/README.md, "Hooks").
        """
        env_root = os.environ.get(SCHEMAS_ENV)
        root = (root or (Path(env_root) if env_root else DEFAULT_ROOT)).resolve()
        registry_file = root / REGISTRY_FILE
        data = _read_toml(registry_file)
        envelope_schema = _compile_schema(root / COMMON_SCHEMA, root)
        entries = data.get("berichttype", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise MessageTypeError(f"{registry_file}: 'berichttype' must be an array of tables")
        unknown_top = sorted(set(data) - {"berichttype"})
        if unknown_top:
            raise MessageTypeError(f"{registry_file}: unknown key(s) {', '.join(unknown_top)}")
        types: dict[tuple[str, str], MessageType] = {}
        rule_sources: dict[str, Path] = {}
        for index, entry in enumerate(entries, start=1):
            message_type = _load_type(
                entry, root, f"{registry_file}: berichttype #{index}", hooks=hooks
            )
            key = (message_type.naam, message_type.versie)
            if key in types:
                raise MessageTypeError(f"{registry_file}: {key[0]} {key[1]} is listed twice")
            sources = [(rule.code, rule.source) for rule in message_type.rules]
            if message_type.schematron is not None:
                sources += [
                    (c, message_type.schematron.path) for c in message_type.schematron.codes
                ]
            if message_type.standard is not None and message_type.standard.rule_set is not None:
                rule_set = message_type.standard.rule_set
                sources.append((rule_set.code, rule_set.path))
            for code, source in sources:
                if code in rule_sources:
                    raise MessageTypeError(
                        f"{source}: rule code {code} is also used in {rule_sources[code]}"
                    )
                rule_sources[code] = source
            types[key] = message_type
        return cls(types, envelope_schema)

    def get(self, naam: str, versie: str) -> MessageType | None:
        return self._types.get((naam, versie))

    def all(self) -> list[MessageType]:
        return sorted(self._types.values(), key=lambda t: (t.naam, t.versie))
