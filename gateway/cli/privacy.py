"""Privacy commands on the configured data files: ``audit verify``, ``audit search --bsn``
(an inzageverzoek; NEN 7513, docs/privacy.md) and ``purge`` (the retention windows now)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gateway.audit import AuditRecord, Pseudonymizer, verify_records
from gateway.bootstrap import open_audit_store
from gateway.config import ConfigError, load_gateway_config
from gateway.domain.bsn import is_nine_digits
from gateway.runtime import purge_once
from gateway.security.keys import load_certificate


def add_parsers(sub: Any) -> None:
    """NEN 7513 audit trail and retention (docs/privacy.md); they work on the data files."""
    audit = sub.add_parser("audit", help="operator: verify or search the NEN 7513 audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="check every hash link and checkpoint signature")
    verify.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    search = audit_sub.add_parser("search", help="every event about one client (inzageverzoek)")
    search.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    search.add_argument(
        "--bsn", required=True, metavar="N", help="the client's BSN (never stored or logged)"
    )
    purge = sub.add_parser("purge", help="operator: apply the retention windows now")
    purge.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")


def _public_fields(record: AuditRecord, pseudonym: str) -> dict[str, Any]:
    """An event as an inzageverzoek shows it: no pseudonym of anyone, only whether it names this
    client directly or belongs to one of its messages (same TraceerId)."""
    fields = record.fields()
    named = fields.pop("bsn_pseudonyms", [])
    fields.pop("type", None)
    fields["concerns_client"] = "direct" if pseudonym in named else "same TraceerId"
    return fields


async def run_privacy_command(args: Any) -> int:
    """``audit verify``, ``audit search --bsn N`` and ``purge`` on the configured data files."""
    config = load_gateway_config(args.config)
    if args.command == "purge":
        report = await purge_once(config)
        print(json.dumps(report.__dict__))
        return 0
    path = config.data_dir / "audit.sqlite3"
    if config.store.backend == "sqlite" and not path.is_file():
        print(f"no audit trail at {path}", file=sys.stderr)
        return 2
    store = await open_audit_store(config)
    try:
        if args.audit_command == "verify":
            # Every configured receipt-signing certificate: checkpoints made before a
            # key rollover were signed with a key that is still listed (runbook).
            report_v = verify_records(
                await store.records(),
                [load_certificate(k.certificate) for k in config.signing_keys],
                await store.high_water(),
            )
            print(json.dumps({"ok": report_v.ok, **report_v.__dict__}, indent=2))
            return 0 if report_v.ok else 1
        bsn = args.bsn.strip()
        if not is_nine_digits(bsn):
            print("--bsn must be 9 digits", file=sys.stderr)
            return 2
        if config.audit.secret_file is None:
            raise ConfigError("[audit] secret_file is required")
        pseudonym = Pseudonymizer.from_file(config.audit.secret_file).pseudonym(bsn)
        found = [_public_fields(r, pseudonym) for r in await store.about(pseudonym)]
        print(json.dumps({"events": found}, indent=2))
        return 0
    finally:
        await store.close()
