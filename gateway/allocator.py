"""Process-wide memory tuning for ``serve`` (bench/README.md, "Changes and their effect").

glibc raises its mmap threshold after a large block is freed (up to 32 MiB):
once a 20 MiB body has come and gone, every later copy of that size lands in
per-thread heap arenas, which keep the memory after it is freed and do not
share it between the worker threads. Peak RSS then follows allocation history
rather than what is alive. Pinning the threshold keeps large blocks on mmap,
returned to the system when freed. Allocations below it (every 5 KiB
message) are unaffected.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own default, no longer raised on the fly
_M_MMAP_THRESHOLD = -3  # from glibc's malloc.h


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold; False where it does not apply (not glibc, or the
    operator chose a value with ``MALLOC_MMAP_THRESHOLD_``)."""
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt  # glibc; absent in musl
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold))
