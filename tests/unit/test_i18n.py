"""Every user-visible string has a Simplified Chinese translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from deskassist.i18n import _, load_catalog, set_language

PACKAGE = Path(__file__).resolve().parents[2] / "deskassist"
MARKERS = {"_", "N_", "tr"}


def marked_strings() -> dict[str, str]:
    """Every literal passed to _(), N_() or tr() in the package, with where it stands."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_marked_string_is_translated_to_chinese() -> None:
    catalog = load_catalog("zh_CN")
    missing = [f"{where}: {text!r}" for text, where in marked_strings().items() if not catalog.get(text)]
    assert missing == [], "untranslated strings:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    catalog = load_catalog("zh_CN")
    field = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")
    wrong = [src for src, dst in catalog.items() if set(field.findall(src)) != set(field.findall(dst))]
    assert wrong == []


def test_no_stale_catalog_entries() -> None:
    stale = set(load_catalog("zh_CN")) - set(marked_strings())
    assert stale == set()


def test_language_switch() -> None:
    set_language("zh_CN")
    assert _("Error: {message}") != "Error: {message}"
    set_language("en")
    assert _("Error: {message}") == "Error: {message}"
