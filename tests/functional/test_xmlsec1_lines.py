"""The xmlsec1 walkthrough's line numbers (issue 16): a rejection's Locatie counts lines
of the signed payload.xml, which xmlsec1 wrote from payload-template.xml, as the
script and the README say; our CLI shows the line of the user's own file instead."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SCHEMAS, url
from tests.functional.test_interop_xmlsec1 import SCRIPT, run, tools  # noqa: F401

pytestmark = [pytest.mark.xmlsec1, pytest.mark.usefixtures("tools")]

EXAMPLE = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "invalid-GW401-bsn-elfproef.xml"


async def test_a_locatie_is_a_line_of_payload_xml_one_above_the_template(
    start, fresh_pki, tmp_path
):
    gw = await start(fresh_pki)
    work = tmp_path / "work"
    env = {
        "CERTS": str(fresh_pki.root),
        "GATEWAY": url(gw),
        "WORK": str(work),
        "PAYLOAD": str(EXAMPLE),
    }
    done = await run(SCRIPT, env=env)
    assert done.returncode != 0, done
    assert "POST /v1/berichten: HTTP 422, expected 202" in done.stderr, done

    receipt = (work / "ontvangstbevestiging.xml").read_text()
    found = re.search(
        r"<Locatie>/Meerzorgplan/Groep/Client\[2\]/Bsn \(regel (\d+)\)</Locatie>", receipt
    )
    assert found, receipt
    line = int(found.group(1))
    assert line == 39  # the number the script's comment gives
    signed = (work / "payload.xml").read_text().splitlines()
    template = (work / "payload-template.xml").read_text().splitlines()
    own = EXAMPLE.read_text().splitlines()
    assert "<Bsn>" in signed[line - 1]
    # xmlsec1 wrote the root's two-line start tag on one line: one line lower than the
    # template, whose Berichtkop has the example's seven lines.
    assert template[1].startswith("<Meerzorgplan")
    assert not template[1].endswith(">")
    assert signed[1].startswith("<Meerzorgplan")
    assert signed[1].endswith(">")
    assert template[line] == signed[line - 1] == own[line]
    assert len([t for t in template if "Berichtkop" in t]) == 2
