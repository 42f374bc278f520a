"""`deskassist handover ...` and `deskassist agents ...` commands."""

from __future__ import annotations

import click

from deskassist.cli.common import CliContext, pass_cli, print_json, print_records
from deskassist.cli.customers import AGENT_HELP, guarded, parse_day
from deskassist.cli.sanitize import echo
from deskassist.core.models import HandoverNote
from deskassist.i18n import _, ngettext


@click.group("handover")
def handover() -> None:
    """Shift handover: write the note before leaving, acknowledge it when the next shift starts.

    \b
    Item kinds: reply 待回复, chase 催付, aftersales 售后, notice 通知, other 其他.
    Examples:
      deskassist handover write --summary "双11预热" --item chase:"@小美 未付款" --item 通知:明天大促
      deskassist handover show --json
      deskassist handover ack --agent 小李
      deskassist handover export handover.md
    """


@handover.command("write")
@click.option("--summary", required=True, help="What the next shift should know.")
@click.option("--item", "items", multiple=True, metavar="KIND:TEXT",
              help="An item (repeatable); @nick in the text links a buyer.")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def handover_write(obj: CliContext, summary: str, items: tuple[str, ...], agent: str | None) -> None:
    """Write the handover note of the current shift (open items of earlier notes carry over).

    \b
    Examples:
      deskassist handover write --summary "今天上新两款" --item "chase:@小美 拍了未付款"
      deskassist handover write --summary "交班" --item 待回复:问尺码的买家 --item 通知:明天大促
    """
    from deskassist.services.handover import HandoverService, parse_item

    drafts = [parse_item(spec) for spec in items]
    note = HandoverService(obj.session).write(summary, drafts, agent)
    open_items = len(note.open_items)
    echo(ngettext("Handover note {id} written ({count} open item)", "Handover note {id} written ({count} open items)",
                  open_items).format(id=note.id, count=open_items))


@handover.command("show")
@click.option("--id", "note_id", type=int, default=None, help="A note's number (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def handover_show(obj: CliContext, note_id: int | None, as_json: bool) -> None:
    """Show the latest note, its open items and who acknowledged it.

    \b
    Examples:
      deskassist handover show
      deskassist handover show --id 12 --json
    """
    from deskassist.services.handover import HandoverService

    service = HandoverService(obj.session)
    note = service.get(note_id) if note_id is not None else service.latest()
    if note is None:
        if as_json:
            print_json(None)
        else:
            echo(_("There is no handover note yet"))
        return
    if as_json:
        print_json(note.to_dict())
    else:
        echo(service.export_text(note), nl=False)


@handover.command("ack")
@click.option("--id", "note_id", type=int, default=None, help="A note's number (default: the pending one).")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def handover_ack(obj: CliContext, note_id: int | None, agent: str | None) -> None:
    """Acknowledge the handover note (who and when are kept).

    \b
    Examples:
      deskassist handover ack
      deskassist handover ack --agent 小李
    """
    from deskassist.services.handover import HandoverService

    note = HandoverService(obj.session).ack(note_id, agent)
    echo(_("Handover note {id} acknowledged").format(id=note.id))


@handover.command("done")
@click.argument("item_id", type=int)
@click.option("--undo", is_flag=True, help="Mark it open again.")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def handover_done(obj: CliContext, item_id: int, undo: bool, agent: str | None) -> None:
    """Mark a handover item done (it stops carrying over).

    \b
    Examples:
      deskassist handover done 12
      deskassist handover done 12 --undo
    """
    from deskassist.services.handover import HandoverService

    HandoverService(obj.session).set_item_done(item_id, not undo, agent)
    echo((_("Item {id} is open again") if undo else _("Item {id} done")).format(id=item_id))


def _note_line(note: HandoverNote) -> str:
    acks = ", ".join(a.agent or "-" for a in note.acks) or "-"
    return (f"{note.id}\t{note.shift_date}\t{note.shift or '-'}\t{note.author or '-'}\t"
            f"{len(note.open_items)}/{len(note.items)}\t{acks}")


@handover.command("history")
@click.option("--from", "start", default=None, help="First day, YYYY-MM-DD.")
@click.option("--to", "end", default=None, help="Last day, YYYY-MM-DD.")
@click.option("--author", default=None, help="Only notes by this agent.")
@click.option("--shift", default=None, help="Only this shift (e.g. 白班).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def handover_history(obj: CliContext, start: str | None, end: str | None, author: str | None,
                     shift: str | None, as_json: bool) -> None:
    """List earlier handover notes, newest first.

    \b
    Examples:
      deskassist handover history --from 2026-11-01 --shift 白班
      deskassist handover history --author 小美 --json
    """
    from deskassist.services.handover import HandoverService

    notes = HandoverService(obj.session).history(parse_day(start), parse_day(end), author, shift)
    print_records(notes, as_json, _note_line, _("There is no handover note yet"))


@handover.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--id", "note_id", type=int, default=None, help="A note's number (default: the latest).")
@pass_cli
@guarded
def handover_export(obj: CliContext, file: str, note_id: int | None) -> None:
    """Export a note: FILE ending .md is Markdown, .csv is CSV, .xlsx Excel, anything else plain text for the
    team chat.

    \b
    Examples:
      deskassist handover export handover.txt
      deskassist handover export handover.md --id 12
    """
    from deskassist.core.errors import UserError
    from deskassist.services.handover import HandoverService

    service = HandoverService(obj.session)
    note = service.get(note_id) if note_id is not None else service.latest()
    if note is None:
        raise UserError(_("There is no handover note yet"))
    echo(_("Wrote {path}").format(path=service.export(note, file)))


@click.group("agents")
def agents() -> None:
    """Agents who share the desk (name and ID number) and which one is current.

    \b
    Examples:
      deskassist agents add 小李 --number 1024
      deskassist agents switch 小李
      deskassist agents rename 小李 李姐
      deskassist agents list
    """


@agents.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def agents_list(obj: CliContext, as_json: bool) -> None:
    """List the agents; the current one is marked *.

    \b
    Examples:
      deskassist agents list
      deskassist agents list --json
    """
    from deskassist.services.agents import AgentService

    service = AgentService(obj.session)
    current = service.current().name
    found = service.list()
    print_records(found, as_json, lambda a: f"{'*' if a.name == current else ' '} {a.name}\t{a.number}",
                  _("No agents yet"), to_dict=lambda a: {**a.to_dict(), "current": a.name == current})


@agents.command("add")
@click.argument("name")
@click.option("--number", default="", help="The agent's ID number (工号).")
@pass_cli
@guarded
def agents_add(obj: CliContext, name: str, number: str) -> None:
    """Add an agent.

    \b
    Example:
      deskassist agents add 小美 --number 1024
    """
    from deskassist.services.agents import AgentService

    AgentService(obj.session).add(name, number)
    echo(_("Added agent {name}").format(name=name.strip()))


@agents.command("switch")
@click.argument("name")
@pass_cli
@guarded
def agents_switch(obj: CliContext, name: str) -> None:
    """Make an agent current (sets agent.name and agent.id).

    \b
    Example:
      deskassist agents switch 小美
    """
    from deskassist.services.agents import AgentService

    agent = AgentService(obj.session).switch(name)
    echo(_("Current agent: {name}").format(name=agent.name))


@agents.command("rename")
@click.argument("old")
@click.argument("new")
@pass_cli
@guarded
def agents_rename(obj: CliContext, old: str, new: str) -> None:
    """Give an agent a new name; their memos, handover notes and acknowledgements stay theirs.

    \b
    Example:
      deskassist agents rename 小美 美美
    """
    from deskassist.services.agents import AgentService

    agent = AgentService(obj.session).rename(old, new)
    echo(_("Renamed agent {old} to {new}").format(old=old.strip(), new=agent.name))


COMMANDS: list[click.Command] = [handover, agents]
