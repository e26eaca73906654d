"""The vendored iWlz files are the published bytes: PROVENANCE.toml hashes every one.

An edited upstream file, or a file added next to them without provenance, fails here.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from gateway.messagetypes import DEFAULT_ROOT

RELEASES = sorted(p.parent for p in DEFAULT_ROOT.glob("*/*/PROVENANCE.toml"))


def _provenance(release: Path) -> list[dict[str, object]]:
    data = tomllib.loads((release / "PROVENANCE.toml").read_text(encoding="utf-8"))
    sources = data["source"]
    assert isinstance(sources, list)
    return sources


def test_the_iwlz_release_is_vendored_with_provenance() -> None:
    assert DEFAULT_ROOT / "iwlz" / "2.2" in RELEASES


def _mismatches(release: Path) -> list[str]:
    """Every vendored file whose bytes differ from the hash its PROVENANCE.toml records."""
    wrong = []
    for source in _provenance(release):
        assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", str(source["repository"]))
        assert re.fullmatch(r"[0-9a-f]{40}", str(source["commit"]))
        files = source["files"]
        assert isinstance(files, dict)
        assert files
        folder = release / str(source["folder"])
        for relative, expected in files.items():
            if hashlib.sha256((folder / relative).read_bytes()).hexdigest() != expected:
                wrong.append(relative)
    return wrong


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: str(p.relative_to(DEFAULT_ROOT)))
def test_every_vendored_file_has_the_published_sha256(release: Path) -> None:
    assert _mismatches(release) == []


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: str(p.relative_to(DEFAULT_ROOT)))
def test_no_unlisted_file_sits_among_the_vendored_ones(release: Path) -> None:
    for source in _provenance(release):
        folder = release / str(source["folder"])
        files = source["files"]
        assert isinstance(files, dict)
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert present == set(files), sorted(present ^ set(files))


def test_license_texts_ship_with_the_files() -> None:
    release = DEFAULT_ROOT / "iwlz" / "2.2"
    assert "GNU GENERAL PUBLIC LICENSE" in (release / "XSD-iWlz" / "LICENSE").read_text()
    assert "EUPL" in (release / "XSD-iWlz" / "README.md").read_text()
    assert "MIT" in (release / "iWlz-Xslt" / "xslt-validatie" / "LICENSE.txt").read_text()


def test_an_edited_file_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "2.2"
    shutil.copytree(DEFAULT_ROOT / "iwlz" / "2.2", copy)
    target = copy / "iWlz-Xslt" / "xslt-validatie" / "wlz" / "2_2" / "constraints" / "CS062.xsl"
    target.write_bytes(
        target.read_bytes().replace(
            b'<xsl:with-param name="pValues">4', b'<xsl:with-param name="pValues">3'
        )
    )

    assert _mismatches(copy) == ["xslt-validatie/wlz/2_2/constraints/CS062.xsl"]
