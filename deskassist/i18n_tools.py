"""Translator tooling for the gettext catalogs (needs Babel: `pip install -e '.[test]'`; never imported by the app).

    python -m deskassist.i18n_tools update              extract the .pot templates, merge them into the .po
                                                        catalogs, compile the .mo files
    python -m deskassist.i18n_tools import-json FILE|DIR...
                                                        fold old-style JSON catalogs (English -> Chinese) into
                                                        deskassist.po, then update
    python -m deskassist.i18n_tools compile             .po -> .mo only (after editing translations by hand)

Two domains: `deskassist` (our source: _(), ngettext(), pgettext(), N_() and click help texts, extracted as
babel.cfg says, so `pybabel extract -F babel.cfg -o deskassist/locale/deskassist.pot .` gives the same
template) and `click` (click's own messages, extracted from the installed click package).
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_from_dir, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from deskassist import __version__
from deskassist.i18n import CLICK_DOMAIN, DOMAIN, LOCALE_DIR

ROOT = LOCALE_DIR.parents[1]
LANGUAGES = ("zh_CN",)
HELP_KEYWORDS = ("help", "short_help", "epilog")
COMMAND_DECORATORS = ("command", "group")
CLICK_KEYWORDS: dict[str, Any] = {"_": None, "ngettext": (1, 2)}


def _decorator_name(node: ast.expr) -> tuple[str | None, ast.Call | None]:
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    if isinstance(target, ast.Attribute):
        return target.attr, call
    if isinstance(target, ast.Name):
        return target.id, call
    return None, call


def click_help_texts(source: str) -> Iterator[tuple[int, str]]:
    """Command docstrings and help=/short_help=/epilog= literals, as click shows them (cleaned, before \\f)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                name, call = _decorator_name(decorator)
                gives_help = call is not None and any(k.arg == "help" for k in call.keywords)
                docstring = ast.get_docstring(node, clean=True)
                if name in COMMAND_DECORATORS and docstring and not gives_help:
                    yield node.body[0].lineno, docstring.partition("\f")[0].rstrip()
                    break
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in HELP_KEYWORDS and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value.lineno, inspect.cleandoc(value.value)


def extract_deskassist(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Sequence[str],
                       options: dict[str, Any]) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Babel extraction method (babel.cfg): the usual gettext calls plus the click help texts."""
    source = fileobj.read()
    # babel annotates extract_python with extract()'s (lineno, message, comments, context) shape; it really
    # yields (lineno, funcname, message, comments), which is what an extraction method must yield
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[misc,arg-type]
    for lineno, text in click_help_texts(source.decode("utf-8")):
        yield lineno, None, text, []


HEADER = """\
# {what} for DeskAssist.
# Generated and merged by `python -m deskassist.i18n_tools update`; translators edit the msgstr lines only.
#"""


def _new_catalog(domain: str, language: str | None = None) -> Catalog:
    what = f"Translations ({language})" if language else "Message template"
    return Catalog(locale=language, domain=domain, project="DeskAssist", version=__version__,
                   copyright_holder="DeskAssist contributors", msgid_bugs_address="-",
                   last_translator="DeskAssist contributors", language_team=language or "-",
                   header_comment=HEADER.format(what=what), charset="utf-8", fuzzy=False)


def _keep_creation_date(template: Catalog, path: Path) -> None:
    """The template's date moves only when its messages change (no churn in every branch's catalogs)."""
    if path.exists():
        old = read_catalog(path)
        if {m.id: m.context for m in old} == {m.id: m.context for m in template}:
            template.creation_date = old.creation_date


def extract_ours() -> Catalog:
    """Every message of our source tree, extracted as babel.cfg says."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = _new_catalog(DOMAIN)
    for _filename, _lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def extract_click() -> Catalog:
    """Click's own translatable messages, from the installed click package."""
    import click

    folder = Path(click.__file__).parent
    catalog = _new_catalog(CLICK_DOMAIN)
    for path in sorted(folder.glob("*.py")):
        with open(path, "rb") as source:
            for _lineno, message, _comments, _context in extract("python", source, CLICK_KEYWORDS):
                catalog.add(message, None)
    return catalog


def po_path(language: str, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path) -> Catalog:
    with open(path, "rb") as source:
        return read_po(source, abort_invalid=True)


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Sorted, without source locations: a moved line does not touch the catalog (fewer merge conflicts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, omit_header=False, sort_output=True,
             ignore_obsolete=True, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compile_catalog(po: Path) -> Path:
    mo = po.with_suffix(".mo")
    catalog = read_catalog(po)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo.write_bytes(buffer.getvalue())
    return mo


def _merge(template: Catalog, path: Path, language: str) -> Catalog:
    catalog = read_catalog(path) if path.exists() else _new_catalog(str(template.domain), language)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.fuzzy = False
    return catalog


def update(locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Templates from the source, .po catalogs merged with them (new ones empty, gone ones dropped), .mo built."""
    untranslated: dict[str, int] = {}
    for domain, template in ((DOMAIN, extract_ours()), (CLICK_DOMAIN, extract_click())):
        _keep_creation_date(template, locale_dir / f"{domain}.pot")
        write_catalog(template, locale_dir / f"{domain}.pot")
        for language in LANGUAGES:
            path = po_path(language, domain, locale_dir)
            catalog = _merge(template, path, language)
            write_catalog(catalog, path)
            compile_catalog(path)
            untranslated[f"{language}/{domain}"] = sum(1 for m in catalog if m.id and not _translated(m))
    return untranslated


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(strings)


def import_json(paths: Sequence[Path], language: str = "zh_CN", overwrite: bool = False,
                locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Fold JSON catalogs (English source -> translation) into the .po catalogs; a key may be a msgid or the
    plural msgid of an ngettext message. Existing translations win unless overwrite; keys no source uses
    are counted, not added."""
    entries: dict[str, str] = {}
    for path in paths:
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            entries.update(json.loads(file.read_text(encoding="utf-8")))
    update(locale_dir)
    counts = {"filled": 0, "kept": 0, "not_in_source": 0}
    used: set[str] = set()
    for domain in (DOMAIN, CLICK_DOMAIN):
        po = po_path(language, domain, locale_dir)
        catalog = read_catalog(po)
        for message in catalog:
            if not message.id or message.context:  # JSON catalogs have no context (pgettext)
                continue
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            found = next((entries[i] for i in reversed(ids) if i in entries), None)
            if found is None:
                continue
            used.update(i for i in ids if i in entries)
            if _translated(message) and not overwrite:
                counts["kept"] += 1
                continue
            message.string = (found,) * catalog.num_plurals if len(ids) > 1 else found
            message.flags.discard("fuzzy")
            counts["filled"] += 1
        write_catalog(catalog, po)
        compile_catalog(po)
    counts["not_in_source"] = len(set(entries) - used)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("update", "compile", "import-json"):
        print(__doc__)
        return 2
    if args[0] == "compile":
        for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
            print(compile_catalog(po))
        return 0
    if args[0] == "import-json":
        overwrite = "--overwrite" in args
        paths = [Path(a) for a in args[1:] if a != "--overwrite"]
        if not paths:
            print("import-json needs JSON files or folders")
            return 2
        print(import_json(paths, overwrite=overwrite))
    untranslated = update()
    print("untranslated:", untranslated)
    return 1 if any(untranslated.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
