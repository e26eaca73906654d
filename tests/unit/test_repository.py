"""Repository hygiene: no private key is ever tracked."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

PRIVATE_KEY = re.compile(rb"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----")


def test_no_private_key_is_tracked_by_git():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    offenders = [
        name.decode()
        for name in files
        if name
        and (REPO / name.decode()).is_file()
        and PRIVATE_KEY.search((REPO / name.decode()).read_bytes())
        and not name.endswith(b".md")
    ]
    assert offenders == []


def test_certs_directory_is_ignored():
    ignored = (REPO / ".gitignore").read_text()
    assert "/certs/*" in ignored
    assert "*.key" in ignored
