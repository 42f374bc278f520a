"""`deskassist team ...`: one shop, many desks, one PostgreSQL server (deskassist.team does the work)."""

from __future__ import annotations

from typing import Any

import click

from deskassist.cli.common import CliContext, pass_cli, print_json
from deskassist.cli.sanitize import echo
from deskassist.core.errors import UserError
from deskassist.i18n import _
from deskassist.services.session import Session


@click.group("team")
def team_group() -> None:
    """Team mode: share team phrases, customers and handover notes through the shop's PostgreSQL server.

    \b
    Examples:
      deskassist team setup postgresql://postgres:PW@192.168.1.10/shop --shop 小美的服装店
      deskassist team add-agent 小美 --number 007 --url postgresql://postgres:PW@192.168.1.10/shop
      deskassist team join 'postgresql://shop_agent1:...@192.168.1.10/shop?sslmode=require'
      deskassist team sync
      deskassist team status --json
    """


@team_group.command("setup")
@click.argument("url")
@click.option("--shop", required=True, metavar="NAME", help="The shop's name.")
def setup_command(url: str, shop: str) -> None:
    """Create the shop's schema, group roles and grants on the server (an owner's URL); safe to run again.

    \b
    Example:
      deskassist team setup postgresql://postgres:PW@localhost/shop --shop 小美的服装店
    """
    from deskassist.team import sync

    report = sync.setup_shop(url, shop)
    echo(_("Team server ready: shop {shop}, database {database}, schema version {version}").format(
        shop=report["shop"], database=report["database"], version=report["schema_version"]))


@team_group.command("add-agent")
@click.argument("name")
@click.option("--number", default="", metavar="N", help="The agent's ID number (工号).")
@click.option("--supervisor", is_flag=True, help="A supervisor: publishes team phrases, adds agents.")
@click.option("--url", default=None, metavar="ADMIN_URL", help="The server owner's URL (else: this supervisor's desk).")
@pass_cli
def add_agent_command(cli: CliContext, name: str, number: str, supervisor: bool, url: str | None) -> None:
    """Create an agent's own database login and print their join URL (shown once: hand it over privately).

    \b
    Examples:
      deskassist team add-agent 小美 --number 007 --url postgresql://postgres:PW@192.168.1.10/shop
      deskassist team add-agent 阿强              (on a supervisor's desk)
    """
    from deskassist.team import sync

    if not name.strip():
        raise UserError(_("The agent's name is empty."))
    if url:
        link = sync.add_agent_as_admin(url, name.strip(), number.strip(), supervisor)
    else:
        link = sync.add_agent_from_desk(cli.session, name.strip(), number.strip(), supervisor)
    echo(_("Join URL for {name} (shown once):").format(name=name.strip()))
    echo(link)


@team_group.command("join")
@click.argument("url")
@pass_cli
def join_command(cli: CliContext, url: str) -> None:
    """Make this data folder the URL's agent's desk; the phrases already here become that agent's own.

    \b
    Example:
      deskassist team join 'postgresql://shop_agent1:SECRET@192.168.1.10/shop?sslmode=require'
    """
    from deskassist.team import sync

    result = sync.join(cli.session, url)
    current = sync.desk(cli.session.db)
    assert current is not None
    echo(_("Joined {server} as {agent} ({role}): {pushed} sent, {pulled} received").format(
        server=current.server, agent=current.agent, role=_role(current.role), pushed=result.pushed,
        pulled=result.pulled))


def _role(role: str | None) -> str:
    return {"agent": _("agent"), "supervisor": _("supervisor")}.get(role or "", "-")


@team_group.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object (pushed, pulled, conflicts).")
@pass_cli
def sync_command(cli: CliContext, as_json: bool) -> None:
    """Send what is pending, then receive what is new.

    \b
    Example:
      deskassist team sync --json
    """
    from deskassist.team import sync

    result = sync.sync(cli.session)
    if as_json:
        print_json(result.as_dict())
        return
    echo(_("Sent {pushed}, received {pulled}").format(pushed=result.pushed, pulled=result.pulled))
    for conflict in result.conflicts:
        _print_conflict(conflict)


def _print_conflict(conflict: dict[str, Any]) -> None:
    if conflict["kind"] == "team_phrase":
        echo(_("Not saved: the team phrase {title} was changed by another supervisor meanwhile.").format(
            title=conflict["title"]))
        echo(_("  yours:  {text}").format(text=conflict["mine"]), one_line=True)
        echo(_("  theirs: {text}").format(text=conflict["theirs"]), one_line=True)
    elif conflict["kind"] == "refused":
        echo(_("A change to a team phrase was not sent: only supervisors change team phrases."))


def push_after_write(session: Session) -> None:
    """A write on a joined desk goes out at once when the server answers; a conflict is shown, not hidden."""
    from deskassist.team import sync

    result = sync.sync_if_reachable(session)
    for conflict in result.conflicts if result else ():
        _print_conflict(conflict)


@team_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@pass_cli
def status_command(cli: CliContext, as_json: bool) -> None:
    """Server, agent, role, connected, pending changes, last sync, team phrase revision.

    \b
    Example:
      deskassist team status --json
    """
    from deskassist.team import sync

    info = sync.status(cli.session)
    if as_json:
        print_json(info)
        return
    if info["server"] is None:
        echo(_("Not in a team (a solo desk)."))
        return
    echo(_("Server: {server}").format(server=info["server"]))
    echo(_("Agent: {agent} ({role})").format(agent=info["agent"], role=_role(info["role"])))
    echo(_("Connected: {state}").format(state=_("yes") if info["connected"] else _("no (offline)")))
    echo(_("Pending: {count}").format(count=info["pending"]))
    echo(_("Last sync: {at}").format(at=info["last_sync"] or "-"))
    echo(_("Team revision: {revision}").format(revision=info["team_revision"]))


@team_group.command("desks")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_cli
def desks_command(cli: CliContext, as_json: bool) -> None:
    """Every desk of the team: agent, last seen, team revision, app version (supervisors).

    \b
    Example:
      deskassist team desks
    """
    from deskassist.team import sync

    rows = sync.desks(cli.session)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        echo(f"{row['agent']}\t{row['last_seen']}\t{_('revision')} {row['team_revision']}\t{row['app_version']}")


@team_group.command("leave")
@pass_cli
def leave_command(cli: CliContext) -> None:
    """Back to a solo desk; everything stays here as a local copy.

    \b
    Example:
      deskassist team leave
    """
    from deskassist.team import sync

    info = sync.leave(cli.session)
    echo(_("Left the team at {server}; {count} unsent changes stay only on this desk.").format(
        server=info["server"], count=info["unsent"]))


COMMANDS = [team_group]
