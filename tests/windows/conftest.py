"""The Windows backend against the real Win32 API: collected on Windows only (the Windows CI job).

Elsewhere nothing here is collected at all (not skipped): there is no Win32 to test against."""

from __future__ import annotations

import sys

if sys.platform != "win32":
    collect_ignore_glob = ["*.py"]
