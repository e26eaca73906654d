"""The desk in a real browser against a real gateway: a provider writes and sends a
meerzorgplan, the zorgkantoor reads it as a document and acknowledges it, the provider
sees the Afleverbevestiging. Screenshots of the main pages go to SCREENSHOTS (docs/desk/
with `make desk-screenshots`)."""

from __future__ import annotations

import base64
import http.client
import re
import subprocess
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.desk.conftest import SCREENSHOTS, Desk, Exchange, screenshot
from tests.desk_data import EVALUATIE_FIELDS, PLAN_FIELDS
from tests.serving import CLI

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


def by_id(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def body_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.TAG_NAME, "body").text)


def fill(driver: Any, fields: dict[str, str]) -> None:
    """Type into inputs and textareas, choose in selects, as a person does."""
    from selenium.webdriver.support.ui import Select

    for name, value in fields.items():
        element = by_id(driver, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":
            # Chromium's date input takes the digits in the locale's order (nl: dd-mm-jjjj).
            driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def click(driver: Any, element: Any) -> None:
    """Click and wait until the page it leads to has replaced this one."""
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(driver, 60).until(lambda _driver: _gone(element))


def _gone(element: Any) -> bool:
    """Selenium's ``staleness_of``, plus the answer chromedriver gives when the page is
    replaced during the check itself ("Node with given id does not belong to the
    document", a WebDriverException rather than a StaleElementReferenceException)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def press(driver: Any, action: str) -> None:
    from selenium.webdriver.common.by import By

    buttons = driver.find_elements(By.CSS_SELECTOR, f'button[name="actie"][value="{action}"]')
    click(driver, next(b for b in buttons if b.is_displayed()))


def download(driver: Any, url: str) -> bytes:
    """Fetch a link with the browser's own (HttpOnly) session cookie."""
    parts = urlsplit(url)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    conn.request("GET", parts.path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return body


def new_draft(driver: Any, desk: Desk, kind: str) -> None:
    driver.get(desk.login_url)
    driver.get(desk.url(f"/nieuw/{kind}"))


def test_a_meerzorgplan_goes_from_form_to_acknowledged_delivery(
    exchange: Exchange, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    provider, zk = exchange.provider, exchange.zorgkantoor

    # The provider composes a plan, checks it locally, and sends it.
    new_draft(browser, provider, "meerzorgplan")
    assert "Meerzorgplan" in browser.title
    fill(browser, PLAN_FIELDS)
    attachment = exchange.root / "verslag-mdo.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% verslag van het MDO\n")
    by_id(browser, "bijlage").send_keys(str(attachment))
    press(browser, "controleren")
    assert "geen fouten" in by_id(browser, "controle").text
    assert "verslag-mdo.pdf" in body_text(browser)
    screenshot(browser, "provider-meerzorgplan-form")
    click(browser, by_id(browser, "versturen"))
    assert "Verstuurd en ontvangen" in body_text(browser)
    assert "Geaccepteerd" in body_text(browser)
    screenshot(browser, "provider-sent")

    # The zorgkantoor's inbox lists it with the sender's name and region.
    browser.get(zk.login_url)
    assert browser.current_url == zk.url("/postvak")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr")
    assert len(rows) == 1
    assert "Meerzorgplan" in rows[0].text
    assert "Zorggroep De Linde" in rows[0].text
    assert "5509 Utrecht" in rows[0].text
    screenshot(browser, "zorgkantoor-inbox")

    # Opened as a document: verified signature, planperiode, client, masked BSN.
    click(browser, rows[0].find_element(By.PARTIAL_LINK_TEXT, "Openen"))
    text = body_text(browser)
    assert "Handtekening geldig" in by_id(browser, "handtekening").text
    assert "AGB-12345678" in by_id(browser, "handtekening").text
    assert "1-1-2027 tot en met 31-12-2027" in text
    assert "Extra nachtzorg" in text
    assert "VV7" in text
    assert "123456782" not in text  # masked until asked
    assert "••••••782" in text
    screenshot(browser, "zorgkantoor-meerzorgplan")
    link = browser.find_element(By.LINK_TEXT, "verslag-mdo.pdf")
    assert download(browser, link.get_attribute("href")) == attachment.read_bytes()
    browser.find_element(By.CSS_SELECTOR, "details.bsn summary").click()
    assert "123456782" in body_text(browser)

    # On paper the page is the document alone (no menu, no buttons), on A4 pages.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not by_id(browser, "ontvangst-melden").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    )
    assert pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox\s*\[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (595, 842)  # A4, from the print CSS
    (SCREENSHOTS / "zorgkantoor-meerzorgplan.pdf").write_bytes(pdf)
    # The print view reads as a document: no menu, no buttons.
    click(browser, by_id(browser, "afdrukweergave"))
    assert not browser.find_elements(By.CSS_SELECTOR, "header.top")[0].is_displayed()
    screenshot(browser, "zorgkantoor-meerzorgplan-print", media="print")
    browser.back()

    # Acknowledge with one button.
    click(browser, by_id(browser, "ontvangst-melden"))
    assert "Ontvangst gemeld" in by_id(browser, "ontvangst-gemeld").text
    browser.get(zk.url("/postvak"))
    assert "Het postvak is leeg" in body_text(browser)

    # The provider sees the Afleverbevestiging, verified, and the message's history (both
    # desks stay open in one browser: each has its own session cookie).
    browser.get(provider.url("/bevestigingen"))
    soorten = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#bevestigingen td.soort")]
    assert soorten == ["Ontvangstbevestiging", "Afleverbevestiging"]
    screenshot(browser, "provider-receipts")
    rows = browser.find_elements(By.CSS_SELECTOR, "#bevestigingen tbody tr")
    click(browser, rows[1].find_element(By.LINK_TEXT, "Bekijken"))
    assert "Afleverbevestiging" in browser.title
    assert "Handtekening van de gateway geldig" in body_text(browser)
    click(browser, browser.find_element(By.LINK_TEXT, "Verloop van dit bericht"))
    assert by_id(browser, "status").text == "Bezorgd"
    screenshot(browser, "provider-history")
    # From the plan's history an evaluatie starts with the plan's TraceerId filled in.
    traceer_id = browser.find_element(By.CSS_SELECTOR, "dd.mono").text
    click(browser, by_id(browser, "evaluatie-opstellen"))
    assert by_id(browser, "plan_traceer_id").get_attribute("value") == traceer_id

    browser.get(provider.url("/"))
    assert "Verstuurd met deze desk" in body_text(browser)
    screenshot(browser, "provider-home")

    # Handled receipts leave the list.
    browser.get(provider.url("/bevestigingen"))
    for _ in range(2):
        click(browser, browser.find_element(By.CSS_SELECTOR, "#bevestigingen button"))
    assert "Geen bevestigingen" in body_text(browser)

    # Neither desk logged client data.
    for log in ("provider.log", "zk.log"):
        text = (exchange.root / log).read_text()
        assert "desk_request" in text
        assert "123456782" not in text
        assert "Wakende nachtdienst" not in text


def test_an_evaluatie_is_sent_and_read_as_a_document(exchange: Exchange, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, exchange.provider, "evaluatie-groepsmeerzorg")
    fill(browser, EVALUATIE_FIELDS)
    screenshot(browser, "provider-evaluatie-form")
    click(browser, by_id(browser, "versturen"))
    assert "Verstuurd en ontvangen" in body_text(browser)

    browser.get(exchange.zorgkantoor.login_url)
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Openen"))
    text = body_text(browser)
    assert "Evaluatie groepsmeerzorg" in text
    assert "Deels behaald" in text
    assert "GRP-2027-01 · De Linde, afdeling Zonnebloem, 3511 AB" in text
    assert "1-1-2027 tot en met 30-6-2027" in text
    assert "Voortzetten" in text
    assert "Handtekening geldig" in text
    screenshot(browser, "zorgkantoor-evaluatie")


def test_rows_are_added_and_removed_without_javascript(exchange: Exchange, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, exchange.provider, "meerzorgplan")
    fill(browser, {"za_naam": "Zorggroep De Linde"})
    press(browser, "add:groepen")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#groepen-0 tbody tr")) == 2
    press(browser, "add:groepen-0-clients")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#groepen-0 tbody tr")) == 3
    press(browser, "remove:groepen-0-clients-2")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#groepen-0 tbody tr")) == 2
    press(browser, "add:componenten")
    assert browser.find_elements(By.ID, "componenten-1")
    press(browser, "remove:componenten-1")
    assert not browser.find_elements(By.ID, "componenten-1")
    assert by_id(browser, "za_naam").get_attribute("value") == "Zorggroep De Linde"


def test_a_bad_form_gets_errors_at_its_fields_and_nothing_is_sent(
    exchange: Exchange, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, exchange.provider, "meerzorgplan")
    fill(
        browser,
        {
            **PLAN_FIELDS,
            "za_naam": "",
            "individueel-0-bsn": "123456789",
            "individueel-0-percentage": "10",
        },
    )
    click(browser, by_id(browser, "versturen"))
    assert "Het formulier bevat fouten" in by_id(browser, "controle").text
    assert by_id(browser, "fout-za_naam").text == "Vul dit veld in."
    assert "elfproef" in by_id(browser, "fout-individueel-0-bsn").text
    assert "25 procent" in by_id(browser, "fout-individueel-0-percentage").text
    assert by_id(browser, "individueel-0-bsn").get_attribute("aria-invalid") == "true"
    assert "Traceback" not in browser.page_source
    screenshot(browser, "provider-form-errors")
    browser.get(exchange.provider.url("/bevestigingen"))
    assert "Geen bevestigingen" in body_text(browser)
    browser.get(exchange.provider.url("/"))
    assert browser.find_elements(By.LINK_TEXT, "Meerzorgplan")  # the draft is kept


def test_a_gateway_that_is_down_loses_nothing(lonely_desk: Desk, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, lonely_desk, "meerzorgplan")
    fill(browser, PLAN_FIELDS)
    click(browser, by_id(browser, "versturen"))
    assert "De gateway is niet bereikbaar" in by_id(browser, "verzendfout").text
    assert by_id(browser, "za_naam").get_attribute("value") == PLAN_FIELDS["za_naam"]
    assert by_id(browser, "individueel-0-bsn").get_attribute("value") == "123456782"
    screenshot(browser, "provider-gateway-down")
    browser.get(lonely_desk.url("/"))
    click(browser, browser.find_element(By.LINK_TEXT, "Meerzorgplan"))
    assert by_id(browser, "cp_email").get_attribute("value") == PLAN_FIELDS["cp_email"]


def test_nothing_is_kept_in_browser_storage(exchange: Exchange, browser: Any) -> None:
    new_draft(browser, exchange.provider, "meerzorgplan")
    fill(browser, PLAN_FIELDS)
    click(browser, by_id(browser, "versturen"))
    stored = browser.execute_script(
        "return [localStorage.length, sessionStorage.length, document.cookie]"
    )
    assert stored == [0, 0, ""]  # the session cookie is HttpOnly
    assert "token=" not in browser.current_url
    assert "123456782" not in browser.current_url


def test_a_message_whose_signer_is_revoked_is_clearly_not_shown(
    exchange: Exchange, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, exchange.provider, "meerzorgplan")
    fill(browser, PLAN_FIELDS)
    click(browser, by_id(browser, "versturen"))
    assert "Verstuurd en ontvangen" in body_text(browser)
    # After delivery, the provider's certificates are revoked in the CRL the desk reads.
    subprocess.run(
        [*CLI, "dev-pki", "revoke", "agb-12345678", "--out", "certs"],
        cwd=exchange.root,
        check=True,
        timeout=60,
    )
    browser.get(exchange.zorgkantoor.login_url)
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Openen"))
    text = body_text(browser)
    assert "Bericht niet vertrouwd" in text
    assert "NIET getoond" in text
    assert "Wakende nachtdienst" not in browser.page_source
    screenshot(browser, "zorgkantoor-not-trusted")


def test_a_plan_the_gateway_refuses_shows_its_meldingen_explained(
    exchange: Exchange, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    new_draft(browser, exchange.provider, "meerzorgplan")
    fill(browser, {**PLAN_FIELDS, "aan": "5520"})  # Midden-Holland: no concessiehouder here
    click(browser, by_id(browser, "versturen"))
    text = body_text(browser)
    assert "Niet geaccepteerd" in text
    assert "GW501" in text
    assert "Het gekozen zorgkantoor is onbekend of niet actief." in text
    screenshot(browser, "provider-refused")
    click(browser, browser.find_element(By.LINK_TEXT, "Terug naar het concept"))
    assert by_id(browser, "za_naam").get_attribute("value") == PLAN_FIELDS["za_naam"]
    browser.get(exchange.provider.url("/bevestigingen"))
    assert "Afgekeurd" in body_text(browser)


def test_forms_are_labelled_and_work_from_the_keyboard(exchange: Exchange, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    for kind in ("meerzorgplan", "evaluatie-groepsmeerzorg"):
        new_draft(browser, exchange.provider, kind)
        fields = browser.find_elements(
            By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea"
        )
        assert fields
        for field in fields:
            field_id = field.get_attribute("id")
            labels = browser.find_elements(By.CSS_SELECTOR, f'label[for="{field_id}"]')
            assert len(labels) == 1, field_id
            assert labels[0].get_attribute("textContent").strip(), field_id
    # Enter in a field checks the form (never adds, removes or sends).
    new_draft(browser, exchange.provider, "meerzorgplan")
    name = by_id(browser, "za_naam")
    name.send_keys("Zorggroep De Linde", Keys.ENTER)
    WebDriverWait(browser, 60).until(lambda _driver: _gone(name))
    assert "Het formulier bevat fouten" in by_id(browser, "controle").text
    # The error summary links to the fields; the skip link leads to the content.
    link = browser.find_element(By.CSS_SELECTOR, "#controle ul.summary a")
    assert link.get_attribute("href").split("#")[1]
    assert browser.find_element(By.CSS_SELECTOR, "a.skip").get_attribute("href").endswith("#inhoud")
