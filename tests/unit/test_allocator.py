"""The allocator tuning ``serve`` applies (gateway/allocator.py)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from gateway.allocator import pin_mmap_threshold


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_the_mmap_threshold_is_pinned_on_glibc() -> None:
    assert pin_mmap_threshold() is True


def test_an_operators_own_setting_is_left_alone() -> None:
    code = "from gateway.allocator import pin_mmap_threshold as p; print(p())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"MALLOC_MMAP_THRESHOLD_": "65536", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
