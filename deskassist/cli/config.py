"""`deskassist config ...` commands: read and change the settings declared in deskassist.settings."""

from __future__ import annotations

import json
from typing import Any

import click

from deskassist.cli.common import CliContext, pass_cli, print_json
from deskassist.cli.sanitize import echo
from deskassist.core.errors import UserError
from deskassist.core.keys import parse_combo
from deskassist.i18n import _
from deskassist.settings import OPTIONS, Settings, coerce, option


def format_value(value: Any) -> str:
    """A setting value as the user types it: true/false, numbers, text, JSON for mappings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@click.group("config")
def config_group() -> None:
    """Settings: your name and ID number, the shop's name, hotkeys, paste behaviour, language ...

    \b
    Examples:
      deskassist config set agent.name 小美
      deskassist config get hotkeys.picker
      deskassist config list
    """


@config_group.command("get")
@click.argument("key")
@pass_cli
def get_command(cli: CliContext, key: str) -> None:
    """Print one setting's value.

    \b
    Example:
      deskassist config get shop.name
    """
    option(key)  # unknown keys: a clear error
    echo(format_value(cli.session.settings.get(key)))


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@pass_cli
def set_command(cli: CliContext, key: str, value: str) -> None:
    """Change one setting; the value is checked (a bad value changes nothing).

    \b
    Examples:
      deskassist config set shop.name 小美的服装店
      deskassist config set paste.auto_send true
      deskassist config set hotkeys.picker Ctrl+Alt+K
    """
    settings = cli.session.settings
    holder = _hotkey_holder(settings, key, coerce(option(key), value))
    if holder:
        raise UserError(_("{combo} is already used for: {action}").format(combo=value, action=holder))
    stored = settings.set(key, value)
    echo(f"{key} = {format_value(stored)}")


def _hotkey_holder(settings: Settings, key: str, value: Any) -> str | None:
    """The action that already holds hotkey `value` (as the settings dialog checks), or None: the app could
    not grab it at start and one of the two actions would be lost."""
    if option(key).type != "hotkey" or not value:
        return None
    combo = parse_combo(str(value))
    for other in OPTIONS:
        current = settings.get(other.key)
        if other.key != key and other.type == "hotkey" and current and parse_combo(str(current)) == combo:
            return _(other.description)
    slots = option("hotkeys.slot_modifiers")
    if len(combo.key) == 1 and combo.key in "123456789" and "+".join(combo.modifiers) == settings.get(slots.key):
        return _(slots.description)
    return None


@config_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object of key: value.")
@pass_cli
def list_command(cli: CliContext, as_json: bool) -> None:
    """Every setting with its value and what it does.

    \b
    Examples:
      deskassist config list
      deskassist config list --json
    """
    items = cli.session.settings.items()
    if as_json:
        print_json({opt.key: value for opt, value in items})
        return
    for opt, value in items:
        echo(f"{opt.key} = {format_value(value)}")
        echo(f"    {_(opt.description)}")


@config_group.command("setup")
@click.option("--name", "agent_name", required=True, help="Your name as buyers see it ({客服}).")
@click.option("--id", "agent_id", default="", help="Your agent ID number ({工号}).")
@click.option("--shop", default="", help="The shop's name ({店铺}).")
@click.option("--address", "salutation", default="亲", show_default=True,
              help="How phrases address buyers ({客户}): 亲, 宝, or nick for the buyer's nickname.")
@click.option("--start-at-login/--no-start-at-login", default=True, show_default=True,
              help="Start DeskAssist when you log in.")
@pass_cli
def setup_command(cli: CliContext, agent_name: str, agent_id: str, shop: str, salutation: str,
                  start_at_login: bool) -> None:
    """The first-run setup in one go (what the app asks on its first start): name, ID, shop, form of address.

    \b
    Example:
      deskassist config setup --name 小美 --id 8021 --shop 棉麻小铺 --address 亲
    """
    from deskassist.services.setup import SetupAnswers, SetupService

    SetupService(cli.session).complete(SetupAnswers(agent_name, agent_id, shop, salutation, start_at_login))
    echo(_("Set up for {name}").format(name=agent_name.strip()))


COMMANDS: list[click.Command] = [config_group]
