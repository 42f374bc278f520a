"""Click in the user's language: click's own messages through the `click` catalog, our help texts through ours.

Click marks its messages with `from gettext import gettext as _`, which follows only the environment's
locale variables (never ui.language, never Windows' UI language); the root group points those names at
deskassist.i18n instead. Help texts are looked up by their English text when a command line is parsed, so
`--help` and the usage errors are in the language in force, and switching back restores the English.
"""

from __future__ import annotations

import gettext
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any
from weakref import WeakKeyDictionary

import click
from click.decorators import FC

from deskassist.cli.sanitize import echo
from deskassist.i18n import _, click_gettext, click_ngettext

_english: WeakKeyDictionary[click.Command | click.Parameter, dict[str, str | None]] = WeakKeyDictionary()


def route_click_messages() -> None:
    """Click's module-level `_`/`ngettext` -> our click catalog (modules click imports later keep gettext's)."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


def help_source(text: str) -> str:
    """The msgid of a help text: what click shows of it (cleaned indentation, nothing after \\f)."""
    return inspect.cleandoc(text).partition("\f")[0].rstrip()


def _items(command: click.Command) -> Iterator[click.Command | click.Parameter]:
    yield command
    yield from command.params
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _items(sub)


def _fields(item: click.Command | click.Parameter) -> dict[str, str | None]:
    names = ("help", "short_help", "epilog") if isinstance(item, click.Command) else ("help",)
    return {name: getattr(item, name, None) for name in names}


def help_texts(command: click.Command) -> dict[str, str]:
    """Every English help text of a command tree, with where it stands (for the catalog test)."""
    found: dict[str, str] = {}
    for item in _items(command):
        for field, text in _english.get(item, _fields(item)).items():
            if text:
                found.setdefault(help_source(text), f"{item.name}.{field}")
    return found


def translated_help(text: str) -> str:
    """Ours first; click's catalog for the help texts click brings (--version's "Show the version and exit.")."""
    source = help_source(text)
    translated = _(source)
    return click_gettext(source) if translated == source else translated


def short_help_of(translated: str, limit: int = 40) -> str:
    """A command list line in Chinese: click shortens at spaces and full stops, which Chinese text lacks;
    take the first clause (up to 。；： outside brackets)."""
    paragraph = translated.split("\n\n", 1)[0].replace("\n", "")
    depth, end = 0, len(paragraph)
    for index, char in enumerate(paragraph):
        depth += (char in "（(") - (char in "）)")
        if depth == 0 and char in "。；：":
            end = index
            break
    first = paragraph[:end]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def translate_help(command: click.Command) -> None:
    """Put the current language's help texts on the whole tree (the English originals are kept aside)."""
    for item in _items(command):
        english = _english.setdefault(item, _fields(item))
        for field, text in english.items():
            setattr(item, field, translated_help(text) if text else text)
        source = english.get("help")
        if isinstance(item, click.Command) and source and not english["short_help"] \
                and item.help != help_source(source):
            item.short_help = short_help_of(item.help or "")


def version_option(version: str, prog_name: str) -> Callable[[FC], FC]:
    """click.version_option, with its message looked up when shown (click's is fixed when the module loads)."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            echo(click_gettext("%(prog)s, version %(version)s") % {"prog": prog_name, "version": version})
            ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show,
                        help="Show the version and exit.")


class TranslatedGroup(click.Group):
    """The root group: every invocation (console script or CliRunner) first sets up the language."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        route_click_messages()
        translate_help(self)
        return super().make_context(info_name, args, parent, **extra)
