"""Cost of an iWlz AW35's XSD check and XSLT rule set, by number of clients.

The published iWlz stylesheets grow quadratically with the clients of one message
(rule TR101 compares every pair of siblings), so the registry caps the elements an
external-standard document may hold before its rule set runs (``max_elementen``,
GW302). This measures both steps on AW35 documents built from the valid example,
as the gateway runs them (``MessageType.validate``'s schema and rule set), and
derives the element count per client that sizes the cap. ``python -m bench.iwlz``
prints the figures alone.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from typing import Any

from lxml import etree

from gateway.messagetypes import DEFAULT_ROOT, MessageTypeRegistry
from gateway.security.xmlparse import parse_untrusted

EXAMPLE = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "valid-zorgzwaartepakket.xml"
CLIENTS = (1, 10, 100)
# The rule set's time the cap is sized for (bench/README.md, "iWlz rule sets").
BUDGET_SECONDS = 2.0


def aw35_with_clients(count: int) -> etree._Element:
    """The valid AW35 example with ``count`` distinct clients (elfproef-valid BSNs)."""
    root = parse_untrusted(EXAMPLE.read_bytes()).getroot()
    clienten = root[1]
    template = clienten[0]
    clienten.remove(template)
    made = 0
    number = 100_000_000
    while made < count:
        number += 1
        bsn = f"{number:09d}"
        weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
        if sum(w * int(d) for w, d in zip(weights, bsn, strict=True)) % 11:
            continue
        client = copy.deepcopy(template)
        client[0].text = bsn
        clienten.append(client)
        made += 1
    return root


def _best_of(repeats: int, run: Any) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def measure(clients: tuple[int, ...] = CLIENTS, repeats: int = 3) -> dict[str, Any]:
    """Milliseconds for the XSD check and the rule set per client count (best of ``repeats``)."""
    aw35 = MessageTypeRegistry.load().get("iwlz-aw35", "5.2")
    assert aw35 is not None
    assert aw35.standard is not None
    rule_set = aw35.standard.rule_set
    assert rule_set is not None
    rows = []
    for count in clients:
        document = aw35_with_clients(count)
        elements = sum(1 for _ in document.iter())
        assert aw35.schema.validate(document), aw35.schema.error_log
        assert rule_set.run(document) == []
        rows.append(
            {
                "clients": count,
                "elements": elements,
                "xsd_ms": 1000 * _best_of(repeats, lambda d=document: aw35.schema.validate(d)),
                "xslt_ms": 1000 * _best_of(repeats, lambda d=document: rule_set.run(d)),
            }
        )
    largest = rows[-1]
    per_client = (largest["elements"] - rows[0]["elements"]) / max(
        1, largest["clients"] - rows[0]["clients"]
    )
    # Quadratic in the clients: t(n) = t(largest) * (n / largest)^2.
    budget_clients = (
        largest["clients"] * (BUDGET_SECONDS * 1000 / max(largest["xslt_ms"], 1e-6)) ** 0.5
    )
    return {
        "rows": rows,
        "elements_per_client": per_client,
        "budget_seconds": BUDGET_SECONDS,
        "clients_within_budget": int(budget_clients),
        "elements_within_budget": int(budget_clients * per_client),
        "max_elementen": aw35.standard.max_elements,
        "repeats": repeats,
    }


def markdown(figures: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"iWlz AW35 (XSD check and the published XSLT rule set, best of {figures['repeats']}):",
        "",
        "| clients | elements | XSD, ms | XSLT, ms | XSLT / XSD |",
        "|---|---|---|---|---|",
    ]
    for row in figures["rows"]:
        ratio = row["xslt_ms"] / row["xsd_ms"] if row["xsd_ms"] else float("nan")
        lines.append(
            f"| {row['clients']} | {row['elements']} | {row['xsd_ms']:.2f} | "
            f"{row['xslt_ms']:.2f} | {ratio:.1f} |"
        )
    lines += [
        "",
        f"{figures['elements_per_client']:.0f} elements per client; a rule-set budget of "
        f"{figures['budget_seconds']:.0f} s allows about {figures['clients_within_budget']} "
        f"clients ({figures['elements_within_budget']} elements); registry "
        f"`max_elementen` = {figures['max_elementen']}.",
    ]
    return lines


if __name__ == "__main__":
    result = measure(repeats=1 if "--quick" in sys.argv else 3)
    print("\n".join(markdown(result)))
    print(json.dumps(result, indent=2))
