"""The gettext catalogs: every string of the source (and of click) translated, none stale, .mo = .po."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from deskassist.cli import cli
from deskassist.cli.translation import help_texts, short_help_of
from deskassist.i18n import (
    CLICK_DOMAIN,
    DOMAIN,
    LOCALE_DIR,
    _,
    click_gettext,
    ngettext,
    pgettext,
    set_language,
)
from deskassist.i18n_tools import (
    click_help_texts,
    extract_click,
    extract_ours,
    import_json,
    po_path,
    read_catalog,
)

FIELD = re.compile(r"\{([a-z_]*)(?:![rsa])?\}|%\(([a-z_]+)\)s")


def keys(catalog: Catalog) -> dict[tuple[str, str | None], Message]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(strings)


@pytest.fixture(scope="module")
def ours() -> Catalog:
    return extract_ours()


@pytest.fixture(scope="module")
def po() -> Catalog:
    return read_catalog(po_path("zh_CN"))


@pytest.fixture(scope="module")
def click_po() -> Catalog:
    return read_catalog(po_path("zh_CN", CLICK_DOMAIN))


def test_every_string_of_the_source_is_translated_to_chinese(ours: Catalog, po: Catalog) -> None:
    catalog = keys(po)
    missing = [key for key in keys(ours) if key not in catalog or not translated(catalog[key])]
    assert missing == [], "untranslated (python -m deskassist.i18n_tools update, then translate):\n" + \
        "\n".join(map(repr, missing))


def test_no_stale_catalog_entries(ours: Catalog, po: Catalog) -> None:
    assert set(keys(po)) - set(keys(ours)) == set()


def test_the_template_is_up_to_date(ours: Catalog) -> None:
    assert set(keys(read_catalog(LOCALE_DIR / f"{DOMAIN}.pot"))) == set(keys(ours))


def test_every_message_of_click_is_translated(click_po: Catalog) -> None:
    """Missing ones only: a newer click may drop messages, a translation of them does no harm."""
    catalog = keys(click_po)
    missing = [key for key in keys(extract_click()) if key not in catalog or not translated(catalog[key])]
    assert missing == []


def test_every_help_text_of_the_command_tree_is_translated() -> None:
    """Help given through a constant (help=AGENT_HELP) escapes the extractor unless it is marked N_()."""
    set_language("zh_CN")
    missing = [f"{where}: {text!r}" for text, where in help_texts(cli).items()
               if _(text) == text and click_gettext(text) == text]
    assert missing == []


@pytest.mark.parametrize("domain", [DOMAIN, CLICK_DOMAIN])
def test_translations_keep_their_placeholders(domain: str) -> None:
    wrong = []
    for message in read_catalog(po_path("zh_CN", domain)):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        # Chinese has one plural form: it is shown for every count, so it may use the plural's fields only.
        expected = {f for f in FIELD.findall(sources[-1])}
        if any({f for f in FIELD.findall(s)} != expected for s in strings):
            wrong.append(sources[-1])
    assert wrong == []


@pytest.mark.parametrize("domain", [DOMAIN, CLICK_DOMAIN])
def test_the_compiled_catalog_matches_the_po(domain: str) -> None:
    """The .mo files are committed (no build step for pip install / PyInstaller); they must not lag."""
    with open(po_path("zh_CN", domain).with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in read_catalog(po_path("zh_CN", domain)):
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            for n in (1, 2):
                got = (compiled.npgettext(message.context, *message.id, n) if message.context
                       else compiled.ngettext(*message.id, n))
                assert got == message.string[0], message.id
        else:
            got = (compiled.pgettext(message.context, message.id) if message.context
                   else compiled.gettext(message.id))
            assert got == message.string, message.id


def test_language_switch_plurals_and_context() -> None:
    set_language("zh_CN")
    assert _("Error: {message}") == "错误：{message}"
    exported = ("Exported {count} phrase to {path}", "Exported {count} phrases to {path}")
    assert ngettext(*exported, 1).format(count=1, path="a.csv") == "已导出 1 条短语到 a.csv"
    assert ngettext("{count} customer", "{count} customers", 1).format(count=1) == "共 1 位客户"
    assert (pgettext("application row", "Remove"), pgettext("buyer question", "Remove")) == ("移除", "删除")
    set_language("en")
    assert _("Error: {message}") == "Error: {message}"
    assert ngettext(*exported, 1).format(count=1, path="a.csv") == "Exported 1 phrase to a.csv"
    assert ngettext(*exported, 2).format(count=2, path="a.csv") == "Exported 2 phrases to a.csv"
    assert ngettext("{count} customer", "{count} customers", 1).format(count=1) == "1 customer"
    assert pgettext("question", "Remove") == "Remove"


def test_the_extractor_finds_click_docstrings_and_help_options() -> None:
    source = '''
@group.command("add", short_help="Add one.")
@click.option("--tag", help="""A tag
    (repeatable).""")
def add():
    """Add a thing.

    \\b
    Example:
      deskassist add\\f
    internal notes
    """

@click.command(help="Given here.")
def other():
    """Not shown: help= wins."""

def plain():
    """Not a command."""
'''
    assert {text for _line, text in click_help_texts(source)} == {
        "Add one.", "A tag\n(repeatable).", "Add a thing.\n\n\b\nExample:\n  deskassist add", "Given here."}


def test_chinese_short_help_is_the_first_clause() -> None:
    assert short_help_of("快捷短语：列出、添加。\n\n示例") == "快捷短语"
    assert short_help_of("导入短语包（.csv：UTF-8）：要么全部导入") == "导入短语包（.csv：UTF-8）"
    assert short_help_of("长" * 50, limit=10) == "长" * 9 + "…"


def test_json_catalogs_from_other_branches_fold_into_the_po(tmp_path: Path) -> None:
    """The converter the lead runs at merge time: python -m deskassist.i18n_tools import-json DIR."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    catalog = read_catalog(po_path("zh_CN", locale_dir=locale))
    catalog["Quit"].string = ""
    handover = ("Handover note {id} written ({count} open item)", "Handover note {id} written ({count} open items)")
    catalog[handover].string = ("",)
    from deskassist.i18n_tools import write_catalog

    write_catalog(catalog, po_path("zh_CN", locale_dir=locale))
    late = tmp_path / "i18n" / "zh_CN"
    late.mkdir(parents=True)
    (late / "someone.json").write_text(json.dumps(
        {"Quit": "离开", handover[1]: "交接 {id}（{count}）", "Not in the source": "无"}),
        encoding="utf-8")
    counts = import_json([late], locale_dir=locale)
    assert counts == {"filled": 2, "kept": 0, "not_in_source": 1}
    with open(po_path("zh_CN", locale_dir=locale).with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.gettext("Quit") == "离开"
    assert compiled.ngettext(*handover, 1) == "交接 {id}（{count}）"


def test_the_app_never_imports_babel() -> None:
    """Babel is translator tooling (test extras); the app reads .mo files with the standard gettext module."""
    code = ("import sys, deskassist.cli, deskassist.i18n as i; i.set_language('zh_CN'); "
            "print('babel' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
