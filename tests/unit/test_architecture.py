"""The layering rules of ARCHITECTURE.md, checked on the source (a failing test, not a hope)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "deskassist"


def _imports(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path}: {name}" for path, names in _imports(PACKAGE / folder).items() for name in names
            if name.startswith(forbidden)]


def test_core_is_pure_python() -> None:
    assert _offenders("core", ("PySide6", "deskassist.ui", "deskassist.platform", "deskassist.storage",
                               "sqlite3", "sqlite_utils", "deskassist.services")) == []


def test_storage_knows_no_ui() -> None:
    assert _offenders("storage", ("PySide6", "deskassist.ui", "deskassist.platform")) == []


def test_services_know_no_widgets() -> None:
    assert _offenders("services", ("PySide6.QtWidgets", "deskassist.ui")) == []


def test_only_storage_touches_sqlite() -> None:
    outside = [f for f in ("core", "services", "ui", "platform", "cli") if (PACKAGE / f).exists()]
    offenders = [o for f in outside for o in _offenders(f, ("sqlite3", "sqlite_utils"))]
    assert offenders == []


def test_psycopg_only_in_the_team_package() -> None:
    """Team mode's driver stays in deskassist/team: solo desks never load it."""
    outside = [f"{path}: {name}" for path, names in _imports(PACKAGE).items() for name in names
               if name.startswith("psycopg") and not path.startswith("team/")]
    assert outside == []
    assert _offenders("team", ("PySide6", "deskassist.ui", "deskassist.app")) == []
