"""Give memory freed after start-up back to the system.

The search index is built on a worker thread, and glibc keeps what that thread freed (the build's temporary
lists and strings) in the thread's own arena, counted in the app's resident memory all day. malloc_trim(0)
returns the free pages of every arena. Other C libraries (Windows, musl) need nothing: this does nothing there.
"""

from __future__ import annotations

import ctypes
import sys


def release_freed_memory() -> bool:
    """True when glibc's malloc_trim ran and returned memory to the system."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols, libc's among them
    except (OSError, AttributeError):  # not glibc
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return bool(trim(0))
