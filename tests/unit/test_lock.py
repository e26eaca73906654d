"""The lock files (requirements/*.txt, written by `make lock`) agree with pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

LOCKS = REPO / "requirements"
RUNTIME, TEST = LOCKS / "runtime.txt", LOCKS / "test.txt"
# The benchmark's peer (pyas2-lib) in its own venv: bench/peer-requirements.in -> .txt.
PEER_IN, PEER = REPO / "bench" / "peer-requirements.in", REPO / "bench" / "peer-requirements.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)
_HINT = "the lock is out of date: run `make lock` and commit requirements/"


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in _PIN.findall(lock.read_text(encoding="utf-8"))}


def entries(lock: Path) -> list[str]:
    """One string per locked package (its pin line with its hash lines)."""
    text = lock.read_text(encoding="utf-8")
    return [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if _PIN.match(e)]


def direct(lock: Path) -> set[str]:
    """The packages pip-compile took from pyproject.toml itself."""
    return {
        canonicalize_name(_PIN.match(e).group(1))  # type: ignore[union-attr]
        for e in entries(lock)
        if "pyproject.toml" in e
    }


def requirements(*extras: str) -> list[Requirement]:
    project = pyproject()["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize(("lock", "extras"), [(RUNTIME, ()), (TEST, ("test",))])
def test_every_dependency_is_locked_at_a_version_pyproject_allows(lock, extras):
    locked = pins(lock)
    for req in requirements(*extras):
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        assert name in locked, f"{req} is not in {lock.name}: {_HINT}"
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"{lock.name} has {name}=={locked[name]}, pyproject.toml wants {req}: {_HINT}"
        )


@pytest.mark.parametrize(("lock", "extras"), [(RUNTIME, ()), (TEST, ("test",))])
def test_the_lock_holds_nothing_pyproject_no_longer_asks_for(lock, extras):
    wanted = {canonicalize_name(r.name) for r in requirements(*extras)}
    stale = direct(lock) - wanted
    assert not stale, f"{lock.name} still locks {sorted(stale)} for pyproject.toml: {_HINT}"


def test_every_locked_package_has_hashes():
    for lock in (RUNTIME, TEST, PEER):
        for entry in entries(lock):
            assert "--hash=sha256:" in entry, f"{entry.splitlines()[0]} in {lock.name}: {_HINT}"


def test_runtime_and_test_lock_agree_on_every_shared_version():
    runtime, test = pins(RUNTIME), pins(TEST)
    missing = set(runtime) - set(test)
    assert not missing, f"the test lock must hold the runtime lock; {sorted(missing)}: {_HINT}"
    differ = {n: (v, test[n]) for n, v in runtime.items() if test[n] != v}
    assert not differ, f"runtime and test lock differ on {differ}: {_HINT}"


def test_the_makefile_installs_from_the_locks_with_hashes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r $(LOCK_RUNTIME)" in makefile
    assert "--require-hashes -r $(LOCK_TEST)" in makefile
    # A changed lock reinstalls: the stamp files depend on it.
    assert "$(VENV)/.installed: pyproject.toml $(LOCK_RUNTIME)" in makefile
    assert "$(VENV)/.installed-test: pyproject.toml $(LOCK_TEST)" in makefile


def test_the_peer_lock_pins_what_its_input_asks_for():
    wanted = [
        Requirement(line)
        for line in PEER_IN.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    locked = pins(PEER)
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in locked, f"{req} is not in {PEER.name}: {_HINT}"
        assert req.specifier.contains(locked[name], prereleases=True), f"{PEER.name}: {_HINT}"
