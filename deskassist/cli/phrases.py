"""`deskassist phrases ...` commands: a thin layer over services.phrases and services.phrase_io."""

from __future__ import annotations

import click

from deskassist.cli.common import CliContext, pass_cli, print_json
from deskassist.cli.sanitize import echo
from deskassist.core.errors import UserError
from deskassist.core.models import Phrase, PhraseDraft
from deskassist.i18n import _
from deskassist.services.phrases import PhraseService, parse_pinned

MAX_PRINTED_PROBLEMS = 30


def _service(cli: CliContext) -> PhraseService:
    return PhraseService(cli.session)


def _number(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UserError(_("{what} must be a whole number, not {value}").format(what=what, value=text)) from None
    if value < 1:
        raise UserError(_("{what} must be a whole number, not {value}").format(what=what, value=text))
    return value


def _line(phrase: Phrase) -> str:
    """One phrase as one line: id, category › title, code, pinned slot."""
    text = f"{phrase.id:>5}  {phrase.category} › {phrase.title}"
    if phrase.code:
        text += f"  [{phrase.code}]"
    if phrase.pinned:
        text += "  " + _("(pinned {slot})").format(slot=phrase.pinned)
    return text


def _print_phrases(phrases: list[Phrase], as_json: bool) -> None:
    if as_json:
        print_json([p.to_dict() for p in phrases])
        return
    for phrase in phrases:
        echo(_line(phrase))


@click.group("phrases")
def phrases_group() -> None:
    """Quick-reply phrases (快捷短语): list, add, edit, search, suggest, render, import, export, lint.

    \b
    Examples:
      deskassist phrases list --category 发货时间
      deskassist phrases search fh
      deskassist phrases suggest 包邮不
      deskassist phrases import 话术.xlsx --dry-run
    """


@phrases_group.command("list")
@click.option("--category", "-c", metavar="C", help="Only the phrases of this category (分组).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (id, category, title, body, code, ...).")
@pass_cli
def list_command(cli: CliContext, category: str | None, as_json: bool) -> None:
    """List phrases in category order.

    \b
    Examples:
      deskassist phrases list
      deskassist phrases list --category 催付 --json
    """
    phrases = _service(cli).list(category)
    if not phrases and not as_json:
        echo(_("No phrases yet; add one with 'deskassist phrases add' or import a pack"), err=True)
        return
    _print_phrases(phrases, as_json)


def _check_team_publisher(cli: CliContext) -> None:
    """--team before anything is written: only a supervisor's joined desk publishes team phrases."""
    from deskassist.storage.team_repo import team_role

    if team_role(cli.session.db) != "supervisor":
        raise UserError(_("Only a supervisor's desk can publish team phrases."))


@phrases_group.command("add")
@click.option("--category", "-c", metavar="C", required=True, help="Category (分组); created when new.")
@click.option("--body", "-b", metavar="B", required=True, help="The text; placeholders like {客服} {店铺} {?尺码}.")
@click.option("--title", "-t", metavar="T", default="", help="Title (default: the start of the body).")
@click.option("--code", metavar="X", default=None, help="Short code (快捷编码), unique, e.g. fh.")
@click.option("--pinned", metavar="N", default=None, help="Pinned slot 1-9 (direct hotkey).")
@click.option("--team", is_flag=True, help="Publish it as the shop's standard phrase (team mode, supervisors).")
@pass_cli
def add_command(cli: CliContext, category: str, body: str, title: str, code: str | None,
                pinned: str | None, team: bool) -> None:
    """Add a phrase; prints its id.

    \b
    Examples:
      deskassist phrases add --category 发货时间 --code fh2 --body "{客户}您好，今天下单明天发货哦～"
      deskassist phrases add -c 问候开场 -b "您好，我是{店铺}的客服{客服}～" --pinned 4
    """
    if team:
        _check_team_publisher(cli)
    phrase = _service(cli).add(PhraseDraft(category=category, body=body, title=title, code=code,
                                           pinned=parse_pinned(pinned)))
    if team:
        from deskassist.team.sync import mark_team_phrase

        mark_team_phrase(cli.session, phrase.id)
    echo(_("Added phrase {id}: {title}").format(id=phrase.id, title=phrase.title))


@phrases_group.command("edit")
@click.argument("phrase_id", metavar="ID")
@click.option("--category", "-c", metavar="C", default=None, help="Move to this category.")
@click.option("--title", "-t", metavar="T", default=None, help="New title (\"\" derives it from the body).")
@click.option("--body", "-b", metavar="B", default=None, help="New text.")
@click.option("--code", metavar="X", default=None, help="New short code (\"\" removes it).")
@click.option("--pinned", metavar="N|none", default=None, help="Pinned slot 1-9, or none to unpin.")
@pass_cli
def edit_command(cli: CliContext, phrase_id: str, category: str | None, title: str | None, body: str | None,
                 code: str | None, pinned: str | None) -> None:
    """Change a phrase; only the options given change.

    \b
    Examples:
      deskassist phrases edit 7 --code fahuo
      deskassist phrases edit 7 --pinned none
      deskassist phrases edit 12 --category 售后安抚 --title 道歉
    """
    changes: dict[str, object] = {}
    for name, value in (("category", category), ("title", title), ("body", body), ("code", code)):
        if value is not None:
            changes[name] = value
    if pinned is not None:
        changes["pinned"] = parse_pinned(pinned)
    if not changes:
        raise UserError(_("Nothing to change: give at least one of --category, --title, --body, --code, --pinned"))
    phrase = _service(cli).update(_number(phrase_id, "ID"), **changes)
    echo(_("Changed phrase {id}: {title}").format(id=phrase.id, title=phrase.title))


@phrases_group.command("delete")
@click.argument("phrase_id", metavar="ID")
@pass_cli
def delete_command(cli: CliContext, phrase_id: str) -> None:
    """Delete a phrase.

    \b
    Example:
      deskassist phrases delete 7
    """
    phrase = _service(cli).delete(_number(phrase_id, "ID"))
    echo(_("Deleted phrase {id}: {title}").format(id=phrase.id, title=phrase.title))


@phrases_group.command("search")
@click.argument("query")
@click.option("--limit", "-n", metavar="N", default="20", show_default=True, help="At most N results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of phrases.")
@pass_cli
def search_command(cli: CliContext, query: str, limit: str, as_json: bool) -> None:
    """Find phrases by Chinese text, pinyin (fahuo), initials (fh), short code or words; best first.

    \b
    Examples:
      deskassist phrases search 发货
      deskassist phrases search fh --limit 5
      deskassist phrases search tuihuo --json
    """
    found = _service(cli).search(query, limit=_number(limit, "--limit"))
    if not found and not as_json:
        echo(_("No phrase matches {query}").format(query=query), err=True)
        return
    _print_phrases(found, as_json)


@phrases_group.command("suggest")
@click.argument("text")
@click.option("--limit", "-n", metavar="N", default="5", show_default=True, help="At most N phrases.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON array: the fields of 'phrases search' plus score and matched (the example).")
@click.option("--pick", metavar="ID", default=None,
              help="The agent answered TEXT with phrase ID: learn TEXT as an example of it (ranks it first next "
                   "time).")
@pass_cli
def suggest_command(cli: CliContext, text: str, limit: str, as_json: bool, pick: str | None) -> None:
    """Suggest phrases that answer a buyer's message (its own words: 包邮不, 啥时候发), best first.

    Phrases are matched by their example buyer questions (问法), their own text and what was picked before.

    \b
    Examples:
      deskassist phrases suggest 包邮不
      deskassist phrases suggest "亲 啥时候发货呀" --limit 3 --json
      deskassist phrases suggest 几号能寄出 --pick 7
    """
    from deskassist.services.suggest import SuggestService

    service = SuggestService(cli.session)
    if pick is not None:
        phrase_id = _number(pick, "--pick")
        if service.learn(text, phrase_id):
            echo(_("Learned: phrase {id} answers {text}").format(id=phrase_id, text=text))
        else:
            echo(_("Phrase {id} already knows {text}").format(id=phrase_id, text=text))
        return
    found = service.suggest(text, limit=_number(limit, "--limit"))
    if as_json:
        print_json([{**p.to_dict(), "score": s.score, "matched": s.matched or None} for p, s in found])
        return
    if not found:
        echo(_("No phrase fits {text}").format(text=text), err=True)
        return
    for phrase, suggestion in found:
        line = f"{_line(phrase)}  {suggestion.score:.2f}"
        if suggestion.matched:
            line += "  ≈ " + suggestion.matched
        echo(line)


@phrases_group.command("questions")
@click.argument("phrase_id", metavar="ID")
@click.option("--add", "additions", metavar="Q", multiple=True, help="Add an example buyer question (repeatable).")
@click.option("--remove", "removals", metavar="Q", multiple=True, help="Remove a question (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (text, source, created).")
@pass_cli
def questions_command(cli: CliContext, phrase_id: str, additions: tuple[str, ...], removals: tuple[str, ...],
                      as_json: bool) -> None:
    """List a phrase's example buyer questions (问法), or add and remove some; learned ones are marked.

    \b
    Examples:
      deskassist phrases questions 7
      deskassist phrases questions 7 --add 啥时候发 --add 几天能发出
      deskassist phrases questions 7 --remove 发了吗
    """
    from deskassist.services.suggest import SuggestService

    service = SuggestService(cli.session)
    number = _number(phrase_id, "ID")
    if additions or removals:
        removals = tuple(dict.fromkeys(removals))
        added = service.change_questions(number, add=additions, remove=removals)
        for text in removals:
            echo(_("Removed from phrase {id}: {text}").format(id=number, text=text))
        for text, new in zip(additions, added, strict=True):
            message = _("Added to phrase {id}: {text}") if new else _("Phrase {id} already has {text}")
            echo(message.format(id=number, text=text))
        return
    questions = service.questions(number)
    if as_json:
        print_json([{"text": q.text, "source": q.source, "created": q.created} for q in questions])
        return
    if not questions:
        echo(_("Phrase {id} has no example questions; add one with --add").format(id=number), err=True)
        return
    for question in questions:
        echo(question.text + ("  " + _("(learned)") if question.source == "learned" else ""))


def _parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    fills: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(_("--set needs NAME=VALUE, not {text}").format(text=pair))
        fills[name.strip()] = value
    return fills


@phrases_group.command("render")
@click.argument("phrase_id", metavar="ID")
@click.option("--buyer", metavar="NICK", default="", help="The buyer's nickname for {客户}/{buyer}.")
@click.option("--set", "sets", metavar="NAME=VALUE", multiple=True, help="Answer a fill-in field, e.g. 尺码=M.")
@pass_cli
def render_command(cli: CliContext, phrase_id: str, buyer: str, sets: tuple[str, ...]) -> None:
    """Print a phrase with its placeholders filled in (agent, shop, date ... from the settings).

    \b
    Examples:
      deskassist phrases render 1 --buyer 小米粥
      deskassist phrases render 25 --set 尺码=L
    """
    from deskassist.core.templating import fill_fields

    service = _service(cli)
    phrase = service.get(_number(phrase_id, "ID"))
    fills = _parse_sets(sets)
    missing = [f.name for f in fill_fields(phrase.body) if f.name not in fills]
    if missing:
        raise UserError(_("Phrase {id} asks for {names}; give them with --set NAME=VALUE").format(
            id=phrase.id, names=", ".join(missing)))
    echo(service.render(phrase.id, buyer=buyer, fills=fills))


@phrases_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@click.option("--keep-pins", is_flag=True, help="Pin the pack's pinned phrases to their slots where those are free.")
@click.option("--team", is_flag=True, help="Publish the new phrases as the shop's standard (team mode, supervisors).")
@pass_cli
def import_command(cli: CliContext, file: str, dry_run: bool, keep_pins: bool, team: bool) -> None:
    """Import a phrase pack (.csv UTF-8 or GBK, .xlsx, .json): all rows or, on any problem, none.

    Columns (first row): 分组/category, 标题/title (optional), 快捷编码/code, 快捷短语 or 内容/body,
    固定/pinned (optional), 问法/questions (optional: buyer questions, one per line or separated by |).
    Exact duplicates are skipped. The pack's pinned slots are not applied unless --keep-pins is given (then
    only free slots); phrases that read the clipboard are named.

    \b
    Examples:
      deskassist phrases import 团队话术.csv --dry-run
      deskassist phrases import 团队话术.xlsx
      deskassist phrases import 我的备份.json --keep-pins
    """
    from deskassist.services.phrase_io import import_phrases, pack_notes

    if team:
        _check_team_publisher(cli)
    before = max((p.id for p in _service(cli).list()), default=0)
    report = import_phrases(_service(cli), file, dry_run=dry_run, keep_pins=keep_pins)
    if team and not dry_run and not report.errors:
        from deskassist.team.sync import mark_team_phrase

        for phrase in _service(cli).list():
            if phrase.id > before:
                mark_team_phrase(cli.session, phrase.id)
    if report.errors:
        for issue in report.errors[:MAX_PRINTED_PROBLEMS]:
            echo(str(issue), err=True)
        if len(report.errors) > MAX_PRINTED_PROBLEMS:
            echo(_("... and {count} more problems").format(
                count=len(report.errors) - MAX_PRINTED_PROBLEMS), err=True)
        echo(_("Nothing was imported: {count} rows have problems; fix them and import again").format(
            count=len(report.errors)), err=True)
        click.get_current_context().exit(1)
    summary = _("{added} phrases to add, {skipped} duplicates skipped, {categories} new categories").format(
        added=report.added, skipped=report.skipped_duplicates, categories=len(report.categories_created))
    if dry_run:
        echo(_("Dry run: {summary}; nothing was written").format(summary=summary))
    else:
        echo(_("Imported: {summary}").format(summary=summary))
    if report.categories_created:
        echo(_("New categories: {names}").format(names=", ".join(report.categories_created)))
    for note in pack_notes(report):
        echo(note)
    if report.pins_dropped and not keep_pins:
        echo(_("To pin the pack's phrases to slots that are free, import with --keep-pins"))


@phrases_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_cli
def export_command(cli: CliContext, file: str) -> None:
    """Export the whole library; the format follows the extension (.csv opens in Excel, .xlsx, .json).

    \b
    Examples:
      deskassist phrases export 话术备份.xlsx
      deskassist phrases export phrases.csv
    """
    from deskassist.services.phrase_io import export_phrases

    count = export_phrases(_service(cli), file)
    echo(_("Exported {count} phrases to {path}").format(count=count, path=file))


@phrases_group.command("lint")
@pass_cli
def lint_command(cli: CliContext) -> None:
    """Check every phrase against the house style: bare negative words (不能, 没有 ... with no reason or
    alternative), unknown placeholders, bodies too long for one message. Exit 1 when something is found.

    \b
    Example:
      deskassist phrases lint
    """
    from deskassist.core.lint import lint

    phrases = _service(cli).list()
    findings = 0
    flagged = 0
    for phrase in phrases:
        issues = lint(phrase.body)
        if issues:
            flagged += 1
        for issue in issues:
            findings += 1
            echo(f"{phrase.id:>5}  {phrase.title}: {issue.message}")
    if findings:
        echo(_("{findings} findings in {flagged} of {count} phrases").format(
            findings=findings, flagged=flagged, count=len(phrases)), err=True)
        click.get_current_context().exit(1)
    echo(_("All {count} phrases pass the checks").format(count=len(phrases)))


COMMANDS: list[click.Command] = [phrases_group]
