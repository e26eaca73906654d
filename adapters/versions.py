"""Schema versions: every adapter refuses a schema it was not built for in the same words."""

from __future__ import annotations

from gateway.ports import SchemaMismatch


def check_schema_version(what: str, found: int, expected: int, *, migrating: bool = False) -> None:
    """Raise SchemaMismatch unless ``found`` is ``expected`` (or older while migrating).

    ``what`` names the store for the operator, e.g. ``"message store /data/gateway.sqlite3"``.
    """
    if found > expected:
        raise SchemaMismatch(
            f"{what} has schema version {found}, newer than version {expected} of this "
            "gateway: this gateway is too old for it"
        )
    if found < expected and not migrating:
        raise SchemaMismatch(
            f"{what} has schema version {found}, this gateway needs version {expected}: "
            "run `meerzorg-gateway migrate`"
        )
