"""Configuration: ``gateway.toml`` and the participants registry file.

Paths in either file are relative to the file's own directory. Loading is
strict: unknown sections or keys are errors, so a typo never silently turns a
check off.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.domain.participants import Participant, Registry, Role
from gateway.security import xmlenc


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class KeyFiles:
    certificate: Path
    key: Path


@dataclass(frozen=True)
class AuditConfig:
    """NEN 7513 audit trail: pseudonym key and how often the hash chain is signed."""

    secret_file: Path | None = None  # HMAC key for BSN pseudonyms; required in gateway.toml
    checkpoint_every: int = 100  # events between signed checkpoints
    checkpoint_seconds: int = 3600  # or at the first event after this many seconds


MIN_AUDIT_DAYS = 5 * 365 + 1  # NEN 7513: at least 5 years


@dataclass(frozen=True)
class RetentionConfig:
    """How long the gateway keeps what (see docs/privacy.md)."""

    payload_hours: int = 24  # delivery envelope after acknowledgement
    undelivered_days: int = 30  # not acknowledged: expired with a signed notice
    metadata_days: int = 365  # message rows, history, receipts
    audit_days: int = MIN_AUDIT_DAYS  # the gateway never deletes audit events
    purge_interval_seconds: int = 3600


@dataclass(frozen=True)
class LimitsConfig:
    """Resource limits of the API listener (gateway/web/limits.py); generous by default."""

    submissions_per_second: float = 50.0  # POST /v1/berichten, per participant
    submissions_burst: int = 100
    requests_per_second: float = 200.0  # every other /v1 request, per participant
    requests_burst: int = 400
    concurrent_requests: int = 32  # in flight per participant
    header_timeout_seconds: float = 10.0  # TLS handshake; each request head
    body_timeout_seconds: float = 60.0  # reading a submitted body
    idle_timeout_seconds: float = 75.0  # kept-alive connection without a request
    max_connections: int = 1000  # open API connections (handshakes included)


STORE_BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class StoreConfig:
    """Where messages, receipts and the audit trail live.

    ``sqlite`` (the embedded default): files in ``[server] data_dir``; several
    processes on one machine may share them. ``postgresql``: any number of
    processes on any number of machines share one database. The DSN carries no
    password: asyncpg reads ``PGPASSWORD`` or ``~/.pgpass`` like libpq does.
    """

    backend: str = "sqlite"
    dsn: str | None = None  # postgresql only, e.g. "postgresql://gateway@db:5432/meerzorg"
    schema: str = "public"  # postgresql only: the schema the tables live in
    pool_size: int = 10  # postgresql only: connections per process
    connect_timeout_seconds: float = 5.0
    command_timeout_seconds: float = 10.0  # a statement taking longer fails (503)


@dataclass(frozen=True)
class GatewayConfig:
    """Everything ``serve`` needs; see the demo ``gateway.toml`` written by ``dev-pki``."""

    source: Path
    host: str = "127.0.0.1"
    port: int = 8443
    ops_host: str = "127.0.0.1"
    ops_port: int = 8080
    data_dir: Path = Path("data")
    max_body_bytes: int = 20 * 1024 * 1024
    tls: KeyFiles | None = None
    trust_anchors: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    encryption_keys: tuple[KeyFiles, ...] = ()
    signing_key: KeyFiles | None = None  # the last of signing_keys (newest in the file)
    signing_keys: tuple[KeyFiles, ...] = ()  # [keys.signing] or [[keys.signing]], file order
    participants_file: Path = Path("participants.toml")
    max_age_seconds: int = 86400
    max_future_seconds: int = 300
    delivery_key_transport: str = xmlenc.RSA_OAEP_MGF1P
    delivery_content_encryption: str = xmlenc.AES256_GCM
    log_level: str = "info"
    log_format: str = "json"
    registry_poll_seconds: float = 5.0
    # [message_types] hooks: a deployment's folder of <naam>-<versie>.xsl stylesheets that
    # override a national standard's hook templates (schemas/README.md, "Hooks").
    rule_set_hooks: Path | None = None
    audit: AuditConfig = field(default_factory=AuditConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    store: StoreConfig = field(default_factory=StoreConfig)


_SECTIONS: dict[str, set[str]] = {
    "server": {"host", "port", "ops_host", "ops_port", "data_dir", "max_body_bytes"},
    "tls": {"certificate", "key"},
    "trust": {"anchors", "crls"},
    "keys": {"encryption", "signing"},
    "participants": {"file", "poll_seconds"},
    "policy": {"aanmaaktijdstip_max_age_seconds", "aanmaaktijdstip_max_future_seconds"},
    "delivery": {"key_transport", "content_encryption"},
    "logging": {"level", "format"},
    "message_types": {"hooks"},
    "store": {
        "backend",
        "dsn",
        "schema",
        "pool_size",
        "connect_timeout_seconds",
        "command_timeout_seconds",
    },
    "audit": {"secret_file", "checkpoint_every", "checkpoint_seconds"},
    "retention": {
        "payload_hours",
        "undelivered_days",
        "metadata_days",
        "audit_days",
        "purge_interval_seconds",
    },
    "limits": {
        "submissions_per_second",
        "submissions_burst",
        "requests_per_second",
        "requests_burst",
        "concurrent_requests",
        "header_timeout_seconds",
        "body_timeout_seconds",
        "idle_timeout_seconds",
        "max_connections",
    },
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _key_files(base: Path, table: Any, where: str) -> KeyFiles:
    if not isinstance(table, dict) or set(table) != {"certificate", "key"}:
        raise ConfigError(f"{where}: needs exactly 'certificate' and 'key'")
    return KeyFiles(base / table["certificate"], base / table["key"])


# Each setting's default is declared once, on its dataclass field; the loaders read it there.
_AUDIT = AuditConfig()
_STORE = StoreConfig()


def _default(name: str) -> Any:
    """The declared default of a GatewayConfig field (it has required fields, so no instance)."""
    return GatewayConfig.__dataclass_fields__[name].default


def _positive_int(table: dict[str, Any], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where} {key} must be a positive integer")
    return value


def _int_in(table: dict[str, Any], key: str, default: int, where: str, low: int, high: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigError(f"{where} {key} must be a whole number from {low} to {high}")
    return value


def _audit_config(base: Path, table: dict[str, Any], where: str) -> AuditConfig:
    if not isinstance(table.get("secret_file"), str) or not table["secret_file"]:
        # NEN 7513 cannot be switched off: no pseudonym key means no start.
        raise ConfigError(f"{where} secret_file is required (key for BSN pseudonyms)")
    return AuditConfig(
        secret_file=base / table["secret_file"],
        checkpoint_every=_positive_int(table, "checkpoint_every", _AUDIT.checkpoint_every, where),
        checkpoint_seconds=_positive_int(
            table, "checkpoint_seconds", _AUDIT.checkpoint_seconds, where
        ),
    )


def _retention_config(table: dict[str, Any], where: str) -> RetentionConfig:
    defaults = RetentionConfig()
    audit_days = _positive_int(table, "audit_days", defaults.audit_days, where)
    if audit_days < MIN_AUDIT_DAYS:
        raise ConfigError(f"{where} audit_days must be at least {MIN_AUDIT_DAYS} (5 years)")
    return RetentionConfig(
        payload_hours=_positive_int(table, "payload_hours", defaults.payload_hours, where),
        undelivered_days=_positive_int(table, "undelivered_days", defaults.undelivered_days, where),
        metadata_days=_positive_int(table, "metadata_days", defaults.metadata_days, where),
        audit_days=audit_days,
        purge_interval_seconds=_positive_int(
            table, "purge_interval_seconds", defaults.purge_interval_seconds, where
        ),
    )


def _positive_number(table: dict[str, Any], key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
        raise ConfigError(f"{where} {key} must be a positive number")
    return float(value)


def _limits_config(table: dict[str, Any], where: str) -> LimitsConfig:
    d = LimitsConfig()
    number = {
        k: _positive_number(table, k, getattr(d, k), where)
        for k in (
            "submissions_per_second",
            "requests_per_second",
            "header_timeout_seconds",
            "body_timeout_seconds",
            "idle_timeout_seconds",
        )
    }
    integer = {
        k: _positive_int(table, k, getattr(d, k), where)
        for k in ("submissions_burst", "requests_burst", "concurrent_requests", "max_connections")
    }
    return LimitsConfig(**number, **integer)  # type: ignore[arg-type]


_SCHEMA_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _store_config(table: dict[str, Any], where: str) -> StoreConfig:
    backend = table.get("backend", _STORE.backend)
    if backend not in STORE_BACKENDS:
        raise ConfigError(f"{where} backend must be one of {', '.join(STORE_BACKENDS)}")
    dsn = table.get("dsn")
    if backend == "postgresql":
        if not isinstance(dsn, str) or not dsn.startswith(("postgresql://", "postgres://")):
            raise ConfigError(f"{where} dsn (postgresql://host:port/database) is required")
        if _dsn_has_password(dsn):
            raise ConfigError(f"{where} dsn must not hold a password; use PGPASSWORD or ~/.pgpass")
    elif dsn is not None:
        raise ConfigError(f'{where} dsn is for backend = "postgresql" only')
    schema = table.get("schema", _STORE.schema)
    if not isinstance(schema, str) or not _SCHEMA_RE.fullmatch(schema):
        # PostgreSQL silently truncates names over 63 bytes; ASCII keeps bytes = characters.
        raise ConfigError(
            f"{where} schema must be a lower-case SQL identifier of at most 63 characters "
            "(a-z, 0-9, _)"
        )
    return StoreConfig(
        backend=backend,
        dsn=dsn,
        schema=schema,
        pool_size=_positive_int(table, "pool_size", _STORE.pool_size, where),
        connect_timeout_seconds=_positive_number(
            table, "connect_timeout_seconds", _STORE.connect_timeout_seconds, where
        ),
        command_timeout_seconds=_positive_number(
            table, "command_timeout_seconds", _STORE.command_timeout_seconds, where
        ),
    )


def _dsn_has_password(dsn: str) -> bool:
    parts = urlsplit(dsn)
    return bool(parts.password) or "password" in parse_qs(parts.query)


def load_gateway_config(path: Path) -> GatewayConfig:
    """Read and check ``gateway.toml``."""
    path = path.resolve()
    base = path.parent
    raw = _read_toml(path)
    for section, table in raw.items():
        if section not in _SECTIONS:
            raise ConfigError(f"{path}: unknown section [{section}]")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        unknown = set(table) - _SECTIONS[section]
        if unknown:
            raise ConfigError(
                f"{path}: unknown key(s) in [{section}]: {', '.join(sorted(unknown))}"
            )
    server = raw.get("server", {})
    tls = raw.get("tls")
    trust = raw.get("trust", {})
    keys = raw.get("keys", {})
    policy = raw.get("policy", {})
    delivery = raw.get("delivery", {})
    logging = raw.get("logging", {})
    participants = raw.get("participants", {})
    hooks = raw.get("message_types", {}).get("hooks")
    if hooks is not None and (not isinstance(hooks, str) or not (base / hooks).is_dir()):
        raise ConfigError(f"{path}: [message_types] hooks must name an existing folder")
    if tls is None:
        raise ConfigError(f"{path}: [tls] is required")
    audit = _audit_config(base, raw.get("audit", {}), f"{path}: [audit]")
    retention = _retention_config(raw.get("retention", {}), f"{path}: [retention]")
    limits = _limits_config(raw.get("limits", {}), f"{path}: [limits]")
    store = _store_config(raw.get("store", {}), f"{path}: [store]")
    if not trust.get("anchors"):
        raise ConfigError(f"{path}: [trust] anchors is required")
    if not trust.get("crls"):
        # Revocation checking cannot be switched off: no CRL means no acceptance.
        raise ConfigError(f"{path}: [trust] crls is required (revocation checking is mandatory)")
    if not keys.get("encryption"):
        raise ConfigError(f"{path}: at least one [[keys.encryption]] is required")
    if not keys.get("signing"):
        raise ConfigError(f"{path}: [keys.signing] (or [[keys.signing]]) is required")
    # One table or, during a rollover, a list of them (oldest first; see README Protocol notes).
    signing_tables = keys["signing"] if isinstance(keys["signing"], list) else [keys["signing"]]
    signing_keys = tuple(
        _key_files(base, t, f"{path} [keys.signing] #{i + 1}") for i, t in enumerate(signing_tables)
    )
    key_transport = delivery.get("key_transport", _default("delivery_key_transport"))
    content = delivery.get("content_encryption", _default("delivery_content_encryption"))
    if key_transport not in xmlenc.DEFAULT_POLICY.key_transport_algorithms:
        raise ConfigError(f"{path}: [delivery] key_transport {key_transport!r} is not allowed")
    if content not in xmlenc.DEFAULT_POLICY.content_algorithms:
        raise ConfigError(f"{path}: [delivery] content_encryption {content!r} is not allowed")
    log_format = logging.get("format", _default("log_format"))
    if log_format not in {"json", "console"}:
        raise ConfigError(f"{path}: [logging] format must be 'json' or 'console'")
    return GatewayConfig(
        source=path,
        host=server.get("host", _default("host")),
        port=_int_in(server, "port", _default("port"), f"{path}: [server]", 0, 65535),
        ops_host=server.get("ops_host", _default("ops_host")),
        ops_port=_int_in(server, "ops_port", _default("ops_port"), f"{path}: [server]", 0, 65535),
        data_dir=(base / server.get("data_dir", _default("data_dir"))).resolve(),
        max_body_bytes=_positive_int(
            server, "max_body_bytes", _default("max_body_bytes"), f"{path}: [server]"
        ),
        tls=_key_files(base, tls, f"{path} [tls]"),
        trust_anchors=tuple(base / p for p in trust["anchors"]),
        crls=tuple(base / p for p in trust["crls"]),
        encryption_keys=tuple(
            _key_files(base, t, f"{path} [[keys.encryption]]") for t in keys["encryption"]
        ),
        signing_key=signing_keys[-1],
        signing_keys=signing_keys,
        participants_file=base / participants.get("file", _default("participants_file")),
        registry_poll_seconds=_positive_number(
            participants,
            "poll_seconds",
            _default("registry_poll_seconds"),
            f"{path}: [participants]",
        ),
        max_age_seconds=_int_in(
            policy,
            "aanmaaktijdstip_max_age_seconds",
            _default("max_age_seconds"),
            f"{path}: [policy]",
            0,
            366 * 86400,
        ),
        max_future_seconds=_int_in(
            policy,
            "aanmaaktijdstip_max_future_seconds",
            _default("max_future_seconds"),
            f"{path}: [policy]",
            0,
            86400,
        ),
        delivery_key_transport=key_transport,
        delivery_content_encryption=content,
        log_level=str(logging.get("level", _default("log_level"))).lower(),
        log_format=log_format,
        rule_set_hooks=(base / hooks).resolve() if hooks is not None else None,
        audit=audit,
        retention=retention,
        limits=limits,
        store=store,
    )


_PROVIDER_KEYS = {"agb", "naam", "active", "encryption_certificates"}
_ZK_KEYS = {"id", "naam", "codes", "inactive_codes", "encryption_certificates", "active"}


def _load_der_certificates(base: Path, paths: list[str], where: str) -> tuple[bytes, ...]:
    ders: list[bytes] = []
    for rel in paths:
        try:
            certs = x509.load_pem_x509_certificates((base / rel).read_bytes())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{where}: cannot load certificate {rel}") from exc
        ders.extend(c.public_bytes(Encoding.DER) for c in certs)
    return tuple(ders)


def load_registry(path: Path) -> Registry:
    """Read and check the participants registry."""
    path = path.resolve()
    base = path.parent
    raw = _read_toml(path)
    unknown = set(raw) - {"zorgaanbieder", "concessiehouder"}
    if unknown:
        raise ConfigError(f"{path}: unknown table(s): {', '.join(sorted(unknown))}")
    participants: list[Participant] = []
    for i, entry in enumerate(raw.get("zorgaanbieder", [])):
        where = f"{path} [[zorgaanbieder]] #{i + 1}"
        if set(entry) - _PROVIDER_KEYS or "agb" not in entry:
            raise ConfigError(f"{where}: needs 'agb'; allowed keys: {sorted(_PROVIDER_KEYS)}")
        agb = str(entry["agb"])
        if len(agb) != 8 or not agb.isascii() or not agb.isdigit():
            raise ConfigError(f"{where}: agb must be 8 digits")
        # Optional: a provider without one sends but cannot be a Geadresseerde (GW501).
        provider_certs = _load_der_certificates(
            base, list(entry.get("encryption_certificates", [])), where
        )
        participants.append(
            Participant(
                id=f"agb-{agb}",
                role=Role.ZORGAANBIEDER,
                naam=str(entry.get("naam", agb)),
                codes=(agb,),
                active=bool(entry.get("active", True)),
                encryption_certificates=provider_certs,
            )
        )
    for i, entry in enumerate(raw.get("concessiehouder", [])):
        where = f"{path} [[concessiehouder]] #{i + 1}"
        if set(entry) - _ZK_KEYS or not {"id", "codes", "encryption_certificates"} <= set(entry):
            raise ConfigError(
                f"{where}: needs 'id', 'codes', 'encryption_certificates'; "
                f"allowed keys: {sorted(_ZK_KEYS)}"
            )
        codes = tuple(str(c) for c in entry["codes"])
        if not codes or any(len(c) != 4 or not c.isascii() or not c.isdigit() for c in codes):
            raise ConfigError(f"{where}: codes must be 4-digit zorgkantoor codes")
        inactive = entry.get("inactive_codes", [])
        # A typo here would silently keep a code routed: it must list some of the codes.
        if not isinstance(inactive, list) or any(str(c) not in codes for c in inactive):
            raise ConfigError(f"{where}: inactive_codes must be a list of this entry's codes")
        certs = _load_der_certificates(base, list(entry["encryption_certificates"]), where)
        if not certs:
            raise ConfigError(f"{where}: at least one encryption certificate is required")
        participants.append(
            Participant(
                id=str(entry["id"]),
                role=Role.CONCESSIEHOUDER,
                naam=str(entry.get("naam", entry["id"])),
                codes=codes,
                active=bool(entry.get("active", True)),
                inactive_codes=frozenset(str(c) for c in inactive),
                encryption_certificates=certs,
            )
        )
    try:
        return Registry(tuple(participants))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
