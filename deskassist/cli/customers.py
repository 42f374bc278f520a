"""`deskassist customers ...`, `followups ...`, `cases ...` and `reports ...` commands: thin layers over the
customer, follow-up, after-sales and report services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

import click

from deskassist.cli.common import CliContext, pass_cli, print_json, print_records
from deskassist.cli.sanitize import echo
from deskassist.core.errors import UserError
from deskassist.core.models import AftersalesCase, Customer, FollowUp
from deskassist.i18n import _

AGENT_HELP = "Agent recorded on the change (default: the configured agent)."


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """A UserError becomes one translated line on stderr and exit 1 (also under click's CliRunner)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            echo(_("Error: {message}").format(message=exc), err=True)
            raise click.exceptions.Exit(1) from None

    return wrapper


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("Not a date: {text} (expected YYYY-MM-DD)").format(text=text)) from None


def _customer_line(c: Customer) -> str:
    from deskassist.services.customers import group_label, platform_label

    tags = " ".join(f"#{t}" for t in c.tags)
    return f"{c.nick}\t{platform_label(c.platform)}\t{group_label(c.group)}\t{tags}".rstrip()


def _followup_line(f: FollowUp) -> str:
    buyer = f" @{f.nick}" if f.nick else ""
    state = _("done") if f.done else _("open")
    return f"{f.id}\t{f.due[:16]}\t{state}\t{f.text}{buyer}"


def _case_line(c: AftersalesCase) -> str:
    from deskassist.services.aftersales import kind_label, status_label

    buyer = f"@{c.nick}" if c.nick else "-"
    return f"{c.id}\t{kind_label(c.kind)}\t{status_label(c.status)}\t{c.order_no or '-'}\t{buyer}\t{c.created[:16]}"


# customers ---------------------------------------------------------------------------------------------------
@click.group("customers")
def customers() -> None:
    """Buyers in groups (inquiry 咨询, buyer 买家, vip VIP, or the shop's own), with tags and notes.

    \b
    Examples:
      deskassist customers add 小美 --platform 淘宝 --group vip --tag 价格敏感
      deskassist customers list --group vip --json
      deskassist customers show 小美 --reveal
      deskassist customers set-group 小美 buyer
    """


@customers.command("add")
@click.argument("nick")
@click.option("--platform", default="other", show_default=True,
              help="taobao tmall pinduoduo jd douyin wechat other (or 淘宝 天猫 拼多多 京东 抖音 微信).")
@click.option("--group", default="inquiry", show_default=True, help="inquiry|buyer|vip or a shop group.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--note", default="", help="A free note.")
@click.option("--phone", default="", help="Phone number (shown masked).")
@click.option("--lost-reason", default="", help="Why they did not buy: price quality style competitor "
              "no_discount no_free_shipping courier.")
@click.option("--lost-note", default="", help="Why they did not buy, in your own words.")
@click.option("--agent", default=None, help=AGENT_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the customer as JSON.")
@pass_cli
@guarded
def customers_add(obj: CliContext, nick: str, platform: str, group: str, tags: tuple[str, ...], note: str,
                  phone: str, lost_reason: str, lost_note: str, agent: str | None, as_json: bool) -> None:
    """Add a customer.

    \b
    Examples:
      deskassist customers add tb_lily --platform taobao --group buyer --tag 尺码偏大 --phone 13812341234
      deskassist customers add 小美 --platform 拼多多 --group 咨询 --lost-reason 不包邮
    """
    from deskassist.services.customers import CustomerService

    customer = CustomerService(obj.session).add(nick, platform, group, tags, note, phone, lost_reason, lost_note,
                                                agent)
    if as_json:
        print_json(customer.to_dict())
    else:
        echo(_("Added customer {nick}").format(nick=customer.nick))


@customers.command("list")
@click.option("--group", default=None, help="Only this group.")
@click.option("--tag", default=None, help="Only customers with this tag.")
@click.option("--search", "query", default=None, help="Nickname prefix, pinyin initials or tag.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (phones masked).")
@pass_cli
@guarded
def customers_list(obj: CliContext, group: str | None, tag: str | None, query: str | None, as_json: bool) -> None:
    """List customers.

    \b
    Examples:
      deskassist customers list --group vip
      deskassist customers list --tag 价格敏感 --json
      deskassist customers list --search xm
    """
    from deskassist.services.customers import CustomerService

    service = CustomerService(obj.session)
    if query:
        found = service.lookup(query, limit=100)
        key = service.resolve_group(group) if group else None
        found = [c for c in found if (key is None or c.group == key) and (tag is None or tag.lstrip("#") in c.tags)]
    else:
        found = service.list(group=group, tag=tag)
    print_records(found, as_json, _customer_line, _("No customers"))


@customers.command("show")
@click.argument("nick")
@click.option("--reveal", is_flag=True, help="Show the full phone number.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def customers_show(obj: CliContext, nick: str, reveal: bool, as_json: bool) -> None:
    """Show one customer's card: group, tags, note, open follow-ups and after-sales cases, group history.

    \b
    Examples:
      deskassist customers show 小美
      deskassist customers show 小美 --reveal --json
    """
    from deskassist.services.aftersales import kind_label, status_label
    from deskassist.services.customers import CustomerService, group_label, lost_reason_label, platform_label

    card = CustomerService(obj.session).card(nick)
    if as_json:
        print_json(card.to_dict(reveal))
        return
    c = card.customer
    echo(c.nick)
    echo(_("Platform: {value}").format(value=platform_label(c.platform)))
    echo(_("Group: {value}").format(value=group_label(c.group)))
    if c.tags:
        echo(_("Tags: {value}").format(value=" ".join(f"#{t}" for t in c.tags)))
    if c.note:
        echo(_("Note: {value}").format(value=c.note))
    for earlier in card.note_history:
        echo(_("Earlier note ({at}, {agent}): {value}").format(at=earlier["at"][:16], agent=earlier["agent"] or "-",
                                                             value=earlier["text"]))
    if c.phone:
        echo(_("Phone: {value}").format(value=c.phone if reveal else c.masked_phone))
    if c.lost_reason or c.lost_note:
        reason = " ".join(filter(None, (lost_reason_label(c.lost_reason) if c.lost_reason else "", c.lost_note)))
        echo(_("Did not buy: {value}").format(value=reason))
    for f in card.followups:
        echo(_("Follow-up {id} due {due}: {text}").format(id=f.id, due=f.due[:16], text=f.text))
    for case in card.cases:
        echo(_("After-sales {id} {kind} ({status}) order {order}").format(
            id=case.id, kind=kind_label(case.kind), status=status_label(case.status), order=case.order_no or "-"))
    for change in card.history:
        echo(_("Group {old} -> {new} by {agent} at {at}").format(
            old=group_label(change.old_group) if change.old_group else "-", new=group_label(change.new_group),
            agent=change.agent or "-", at=change.at[:16]))


@customers.command("set-group")
@click.argument("nick")
@click.argument("group")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def customers_set_group(obj: CliContext, nick: str, group: str, agent: str | None) -> None:
    """Move a customer to another group (kept in the history with who and when).

    \b
    Examples:
      deskassist customers set-group 小美 vip --agent 阿强
      deskassist customers set-group 小美 买家
    """
    from deskassist.services.customers import CustomerService, group_label

    customer = CustomerService(obj.session).set_group(nick, group, agent)
    echo(_("{nick} is now in {group}").format(nick=customer.nick, group=group_label(customer.group)))


@customers.command("tag")
@click.argument("nick")
@click.argument("tags", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Remove the tags instead of adding them.")
@pass_cli
@guarded
def customers_tag(obj: CliContext, nick: str, tags: tuple[str, ...], remove: bool) -> None:
    """Add (or with --remove, remove) tags.

    \b
    Example:
      deskassist customers tag 小美 犹豫 投诉过
    """
    from deskassist.services.customers import CustomerService

    service = CustomerService(obj.session)
    customer = service.remove_tags(nick, tags) if remove else service.add_tags(nick, tags)
    echo(" ".join(f"#{t}" for t in customer.tags) or _("No tags"))


@customers.command("edit")
@click.argument("nick")
@click.option("--note", default=None, help="Replace the note.")
@click.option("--phone", default=None, help="Replace the phone number ('' clears it).")
@click.option("--platform", default=None, help="Change the platform.")
@click.option("--lost-reason", default=None, help="Why they did not buy (key or Chinese name; '' clears it).")
@click.option("--lost-note", default=None, help="Why they did not buy, in your own words.")
@pass_cli
@guarded
def customers_edit(obj: CliContext, nick: str, note: str | None, phone: str | None, platform: str | None,
                   lost_reason: str | None, lost_note: str | None) -> None:
    """Change a customer's note, phone, platform or why they did not buy.

    \b
    Example:
      deskassist customers edit 小美 --lost-reason 不包邮 --lost-note "嫌运费贵"
    """
    from deskassist.services.customers import CustomerService

    customer = CustomerService(obj.session).update(nick, platform=platform, note=note, phone=phone,
                                                   lost_reason=lost_reason, lost_note=lost_note)
    echo(_("Updated customer {nick}").format(nick=customer.nick))


@customers.command("groups")
@click.option("--add", "new_group", default=None, help="Add a shop group with this name.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def customers_groups(obj: CliContext, new_group: str | None, as_json: bool) -> None:
    """List the customer groups with their member counts, or add one.

    \b
    Examples:
      deskassist customers groups
      deskassist customers groups --add 老客户
    """
    from deskassist.services.customers import CustomerService, group_label

    service = CustomerService(obj.session)
    if new_group:
        service.add_group(new_group)
    groups = service.groups()
    print_records(groups, as_json, lambda g: f"{g.key}\t{group_label(g.key)}\t{g.members}",
                  to_dict=lambda g: {"key": g.key, "name": group_label(g.key), "builtin": g.builtin,
                                     "members": g.members})


# follow-ups --------------------------------------------------------------------------------------------------
@click.group("followups")
def followups() -> None:
    """Follow-ups: things to do for a buyer at a time, listed until done.

    \b
    Examples:
      deskassist followups add "催付款" --due 15:00 --buyer 小美
      deskassist followups list --due
      deskassist followups done 3
    """


@followups.command("add")
@click.argument("text")
@click.option("--due", required=True, help="15:00, tomorrow 10:00 (明天 10:00), +30m, +2h or 2026-11-23 10:00.")
@click.option("--buyer", default=None, help="The buyer's nickname.")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def followups_add(obj: CliContext, text: str, due: str, buyer: str | None, agent: str | None) -> None:
    """Add a follow-up.

    \b
    Examples:
      deskassist followups add "催付款" --due 15:00 --buyer lily
      deskassist followups add "问尺码" --due "明天 10:00"
    """
    from deskassist.services.followups import FollowUpService

    found = FollowUpService(obj.session).add(text, due, buyer, agent)
    echo(_("Follow-up {id} due {due}").format(id=found.id, due=found.due[:16]))


@followups.command("list")
@click.option("--due", "due_only", is_flag=True, help="Only the ones due now.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def followups_list(obj: CliContext, due_only: bool, as_json: bool) -> None:
    """List open follow-ups, soonest first.

    \b
    Examples:
      deskassist followups list
      deskassist followups list --due --json
    """
    from deskassist.services.followups import FollowUpService

    service = FollowUpService(obj.session)
    found = service.due() if due_only else service.open()
    print_records(found, as_json, _followup_line, _("No open follow-ups"))


@followups.command("done")
@click.argument("followup_id", type=int)
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def followups_done(obj: CliContext, followup_id: int, agent: str | None) -> None:
    """Mark a follow-up done.

    \b
    Example:
      deskassist followups done 3
    """
    from deskassist.services.followups import FollowUpService

    FollowUpService(obj.session).done(followup_id, agent)
    echo(_("Follow-up {id} done").format(id=followup_id))


# after-sales cases -------------------------------------------------------------------------------------------
@click.group("cases")
def cases() -> None:
    """After-sales cases (售后登记): return 退货, exchange 换货, refund 退款, resend 补发, complaint 投诉.

    \b
    Examples:
      deskassist cases add 退货 --order 20261122001 --buyer 小美 --note "尺码不合适"
      deskassist cases list --open
      deskassist cases status 1 in_progress
    """


@cases.command("add")
@click.argument("kind")
@click.option("--order", "order_no", default="", help="Order number.")
@click.option("--buyer", default=None, help="The buyer's nickname.")
@click.option("--note", default="", help="Notes.")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def cases_add(obj: CliContext, kind: str, order_no: str, buyer: str | None, note: str, agent: str | None) -> None:
    """Log an after-sales case.

    \b
    Example:
      deskassist cases add 退货 --order 2026112200123 --buyer lily --note "尺码偏小"
    """
    from deskassist.services.aftersales import AftersalesService

    case = AftersalesService(obj.session).add(kind, order_no, buyer, note, agent)
    echo(_("After-sales case {id} logged").format(id=case.id))


@cases.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only cases not done.")
@click.option("--buyer", default=None, help="Only this buyer's cases.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def cases_list(obj: CliContext, open_only: bool, buyer: str | None, as_json: bool) -> None:
    """List after-sales cases, newest first.

    \b
    Examples:
      deskassist cases list --open
      deskassist cases list --buyer lily --json
    """
    from deskassist.services.aftersales import AftersalesService

    found = AftersalesService(obj.session).list(open_only=open_only, buyer=buyer)
    print_records(found, as_json, _case_line, _("No after-sales cases"))


@cases.command("status")
@click.argument("case_id", type=int)
@click.argument("status")
@click.option("--agent", default=None, help=AGENT_HELP)
@pass_cli
@guarded
def cases_status(obj: CliContext, case_id: int, status: str, agent: str | None) -> None:
    """Set a case's status: open, in_progress or done (待处理, 处理中, 已完成).

    \b
    Examples:
      deskassist cases status 4 in_progress
      deskassist cases status 4 已完成
    """
    from deskassist.services.aftersales import AftersalesService, status_label

    case = AftersalesService(obj.session).set_status(case_id, status, agent)
    echo(_("After-sales case {id}: {status}").format(id=case.id, status=status_label(case.status)))


# reports -----------------------------------------------------------------------------------------------------
@click.group("reports")
def reports() -> None:
    """Daily and weekly reports for operations: phrases used, follow-ups, handover items, lost sales.

    \b
    Examples:
      deskassist reports show
      deskassist reports show --week --json
      deskassist reports export report.xlsx --week --day 2026-11-20
    """


def _report(obj: CliContext, week: bool, day: str | None) -> Any:
    from deskassist.services.reports import ReportService

    service = ReportService(obj.session)
    return service.week(parse_day(day)) if week else service.day(parse_day(day))


@reports.command("show")
@click.option("--week", is_flag=True, help="The week (Monday to Sunday) instead of one day.")
@click.option("--day", default=None, help="A day in the period, YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_cli
@guarded
def reports_show(obj: CliContext, week: bool, day: str | None, as_json: bool) -> None:
    """Show the report of a day or a week.

    \b
    Examples:
      deskassist reports show
      deskassist reports show --week --day 2026-11-22 --json
    """
    report = _report(obj, week, day)
    if as_json:
        print_json(report.to_dict())
        return
    for section, label, count in report.rows():
        echo(f"{section}\t{label}\t{count}")


@reports.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--week", is_flag=True, help="The week (Monday to Sunday) instead of one day.")
@click.option("--day", default=None, help="A day in the period, YYYY-MM-DD (default: today).")
@pass_cli
@guarded
def reports_export(obj: CliContext, file: str, week: bool, day: str | None) -> None:
    """Export the report as CSV, or as XLSX when FILE ends in .xlsx.

    \b
    Examples:
      deskassist reports export today.csv
      deskassist reports export week.xlsx --week
    """
    from deskassist.services.reports import ReportService

    path = ReportService(obj.session).export(_report(obj, week, day), file)
    echo(_("Wrote {path}").format(path=path))


COMMANDS: list[click.Command] = [customers, followups, cases, reports]
