"""`deskassist memos ...` commands: the current agent's memo book."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from deskassist.cli.common import CliContext, pass_cli, print_json, print_records
from deskassist.cli.customers import AGENT_HELP, guarded
from deskassist.cli.sanitize import echo
from deskassist.core.models import Memo
from deskassist.i18n import N_, _

if TYPE_CHECKING:
    from deskassist.services.memos import MemoService

MEMO_AGENT_HELP = N_("Whose memo book (default: the configured agent).")


def _memo_service(obj: CliContext) -> MemoService:
    """Imported on use, so `--help` stays quick."""
    from deskassist.services.memos import MemoService

    return MemoService(obj.session)


def _line(memo: Memo) -> str:
    flags = ("*" if memo.pinned else " ") + ("✓" if memo.done else " ")
    buyer = f" @{memo.nick}" if memo.nick and f"@{memo.nick}" not in memo.text else ""
    extra = [t for t in memo.tags if f"#{t}" not in memo.text]
    tags = "".join(f" #{t}" for t in extra)
    text = memo.text.replace("\n", " / ")
    return f"{memo.id}\t{flags}\t{memo.updated[:16]}\t{text}{buyer}{tags}"


@click.group("memos")
def memos() -> None:
    """The memo book: write a problem or idea down the moment it comes up.

    \b
    Examples:
      deskassist memos add "问一下 @小美 的尺码 #尺码"
      deskassist memos list
      deskassist memos search 尺码 --json
      deskassist memos done 3
    """


@memos.command("add")
@click.argument("text")
@click.option("--buyer", default=None, help="Link a buyer by nickname (or write @nick in the text).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable; #words in the text are tags too).")
@click.option("--pin", is_flag=True, help="Pin the memo to the top.")
@click.option("--agent", default=None, help=AGENT_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the memo as JSON.")
@pass_cli
@guarded
def memos_add(obj: CliContext, text: str, buyer: str | None, tags: tuple[str, ...], pin: bool,
              agent: str | None, as_json: bool) -> None:
    """Add a memo to your memo book.

    \b
    Examples:
      deskassist memos add "问一下 @小美 要不要换大一码 #尺码"
      deskassist memos add "明天大促，提前备好优惠券话术" --tag 活动 --pin
    """
    memo = _memo_service(obj).add(text, buyer, tags, pin, agent)
    if as_json:
        print_json(memo.to_dict())
    else:
        echo(_("Memo {id} saved").format(id=memo.id))


@memos.command("list")
@click.option("--all", "include_done", is_flag=True, help="Include memos marked done.")
@click.option("--agent", default=None, help=MEMO_AGENT_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def memos_list(obj: CliContext, include_done: bool, agent: str | None, as_json: bool) -> None:
    """List memos: open first, pinned first, newest first.

    \b
    Examples:
      deskassist memos list
      deskassist memos list --all --json
    """
    found = _memo_service(obj).list(include_done, agent)
    print_records(found, as_json, _line, _("No memos"))


@memos.command("search")
@click.argument("query")
@click.option("--agent", default=None, help=MEMO_AGENT_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def memos_search(obj: CliContext, query: str, agent: str | None, as_json: bool) -> None:
    """Find memos containing every word of QUERY (#tag and @nick words match tags and buyers).

    \b
    Examples:
      deskassist memos search 尺码
      deskassist memos search "#售后 @小美"
    """
    found = _memo_service(obj).search(query, agent=agent)
    print_records(found, as_json, _line, _("No memos"))


@memos.command("done")
@click.argument("memo_id", type=int)
@click.option("--undo", is_flag=True, help="Mark it open again.")
@pass_cli
@guarded
def memos_done(obj: CliContext, memo_id: int, undo: bool) -> None:
    """Mark a memo done.

    \b
    Examples:
      deskassist memos done 3
      deskassist memos done 3 --undo
    """
    _memo_service(obj).done(memo_id, not undo)
    echo((_("Memo {id} is open again") if undo else _("Memo {id} done")).format(id=memo_id))


@memos.command("pin")
@click.argument("memo_id", type=int)
@click.option("--off", is_flag=True, help="Unpin it.")
@pass_cli
@guarded
def memos_pin(obj: CliContext, memo_id: int, off: bool) -> None:
    """Pin a memo to the top of the list.

    \b
    Examples:
      deskassist memos pin 7
      deskassist memos pin 7 --off
    """
    _memo_service(obj).pin(memo_id, not off)
    echo((_("Memo {id} unpinned") if off else _("Memo {id} pinned")).format(id=memo_id))


@memos.command("delete")
@click.argument("memo_id", type=int)
@pass_cli
@guarded
def memos_delete(obj: CliContext, memo_id: int) -> None:
    """Delete a memo (undo with `memos restore ID`).

    \b
    Example:
      deskassist memos delete 7
    """
    _memo_service(obj).delete(memo_id)
    echo(_("Memo {id} deleted; undo with: deskassist memos restore {id}").format(id=memo_id))


@memos.command("restore")
@click.argument("memo_id", type=int)
@pass_cli
@guarded
def memos_restore(obj: CliContext, memo_id: int) -> None:
    """Bring back a deleted memo.

    \b
    Example:
      deskassist memos restore 7
    """
    _memo_service(obj).restore(memo_id)
    echo(_("Memo {id} restored").format(id=memo_id))


COMMANDS: list[click.Command] = [memos]
