"""What the running app imports stays off its idle memory: hashlib loads OpenSSL (libcrypto, ~3.5 MB resident)
and nothing in the app needs it (the single-instance name is hashed with Qt's SHA-256, savepoint names come
from os.urandom)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from deskassist.services.data_folder import open_session

APP_MODULES = "deskassist.__main__, deskassist.app.root, deskassist.platform.factory, deskassist.ui.notes.feature"


def test_the_app_modules_leave_openssl_unloaded(tmp_path: Path) -> None:
    open_session(tmp_path).close()  # created here: a first run's migrations load sqlite-utils, which needs it
    script = (f"import sys\nimport {APP_MODULES}\n"
              "from pathlib import Path\n"
              "from deskassist.qt.single_instance import server_name\n"
              "from deskassist.services.data_folder import open_session\n"
              f"session = open_session(Path({str(tmp_path)!r}))\n"
              "server_name(session.data_dir)\n"
              "print(sorted(m for m in ('hashlib', '_hashlib', 'secrets', 'hmac') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "[]"
