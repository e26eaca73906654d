"""The provider's desk reads what a zorgkantoor sends (issue 13): a reactie and a
besluit from its inbox, as documents, in headless Chromium against a real gateway."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from tests.conftest import SCHEMAS
from tests.desk.conftest import Exchange, screenshot
from tests.desk.test_desk import body_text, by_id, click
from tests.serving import CLI


def cli(exchange: Exchange, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [*CLI, *args, "--url", exchange.gateway.url],
        cwd=exchange.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_provider_reads_a_reactie_and_a_besluit_as_documents(
    exchange: Exchange, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    plan = cli(
        exchange,
        "send",
        "--party",
        "certs/agb-12345678",
        "--to",
        "5509",
        str(SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"),
    )["traceerId"]
    answers = {
        "reactie-op-meerzorgplan": "valid-vragen.xml",
        "meerzorgbesluit": "valid-groep-toegekend-client-afgewezen.xml",
    }
    for kind, example in answers.items():
        cli(
            exchange,
            "send",
            "--party",
            "certs/zk-5509",
            "--to",
            "12345678",
            "--conversatie-id",
            plan,
            "--als-antwoord-op",
            plan,
            str(SCHEMAS / kind / "1.0" / "examples" / example),
        )

    # The zorgkantoor's desk is still a zorgkantoor's (its directory holds a signing key now).
    browser.get(exchange.zorgkantoor.login_url)
    assert browser.current_url == exchange.zorgkantoor.url("/postvak")
    assert "Nieuw meerzorgplan" not in body_text(browser)

    provider = exchange.provider
    browser.get(provider.login_url)
    browser.get(provider.url("/postvak"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr")
    assert len(rows) == 2
    assert "Reactie op meerzorgplan" in rows[0].text
    assert "Meerzorgbesluit" in rows[1].text
    assert "5509 Utrecht" in rows[0].text
    screenshot(browser, "provider-inbox")

    click(browser, rows[0].find_element(By.PARTIAL_LINK_TEXT, "Openen"))
    text = body_text(browser)
    assert "Reactie op meerzorgplan van zorgkantoor 5509 Utrecht" in text
    assert "Handtekening geldig" in by_id(browser, "handtekening").text
    assert "ZK-5509" in by_id(browser, "handtekening").text
    assert "Vragen over het plan" in text
    assert "Welke extra nachtzorg zet u in" in text
    assert "20-1-2027" in text
    assert plan in text  # the conversation and the plan it answers
    screenshot(browser, "provider-reactie")
    click(browser, by_id(browser, "ontvangst-melden"))
    assert "Ontvangst gemeld" in body_text(browser)

    browser.get(provider.url("/postvak"))
    row = browser.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr")[0]
    click(browser, row.find_element(By.PARTIAL_LINK_TEXT, "Openen"))
    text = body_text(browser)
    assert "Meerzorgbesluit van zorgkantoor 5509 Utrecht" in text
    assert "Toegekend, categorie 3" in text
    assert "T01: Toegekend conform het meerzorgplan" in text
    assert "Afgewezen" in text
    assert "A01: Zorg ligt minder dan 25 % boven het zorgprofiel" in text
    assert "999990007" not in text  # masked until asked
    assert "••••••007" in text
    screenshot(browser, "provider-besluit")

    # The conversation as the provider sees it: its plan (not yet fetched by the
    # zorgkantoor), the reactie it acknowledged, the besluit still in its inbox.
    browser.get(provider.url(f"/conversaties/{plan}"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#conversatie tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, "td.status").text for r in rows] == [
        "Aangeboden",
        "Bezorgd",
        "Aangeboden",
    ]
    assert "Meerzorgplan" in rows[0].text
    assert "verstuurd" in rows[0].text
    assert "Reactie op meerzorgplan" in rows[1].text
    assert "ontvangen" in rows[1].text
    assert "Zorgkantoor 5509 Utrecht" in rows[2].text
    screenshot(browser, "provider-conversation")
