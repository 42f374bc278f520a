"""The customers / memos / handover / followups / cases / reports / agents commands, in-process on real
SQLite files, a few as real subprocesses, and the privacy check on the log file and stderr."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import as_json, ok, run
from click.testing import CliRunner

from deskassist import log
from deskassist.cli import cli
from deskassist.services.data_folder import open_session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    """A data folder that already exists (no default pack needed for these commands), English messages."""
    open_session(data_dir, seed=False).close()
    return data_dir



def test_customers_add_list_show_set_group(folder: Path) -> None:
    ok(folder, "customers", "add", "小美爱购物", "--platform", "淘宝", "--group", "买家", "--tag", "价格敏感",
       "--tag", "犹豫", "--note", "喜欢红色", "--phone", "13812341234")
    ok(folder, "customers", "add", "jd_lily", "--platform", "jd", "--group", "vip")
    listed = as_json(folder, "customers", "list")
    assert [(c["nick"], c["platform"], c["group"], c["tags"], c["phone"]) for c in listed] == [
        ("jd_lily", "jd", "vip", [], ""), ("小美爱购物", "taobao", "buyer", ["价格敏感", "犹豫"], "138****1234")]
    assert [c["nick"] for c in as_json(folder, "customers", "list", "--group", "vip")] == ["jd_lily"]
    assert [c["nick"] for c in as_json(folder, "customers", "list", "--tag", "犹豫")] == ["小美爱购物"]
    shown = as_json(folder, "customers", "show", "小美爱购物")
    assert (shown["note"], shown["phone"]) == ("喜欢红色", "138****1234")
    assert as_json(folder, "customers", "show", "小美爱购物", "--reveal")["phone"] == "13812341234"
    ok(folder, "customers", "set-group", "小美爱购物", "vip", "--agent", "阿强")
    shown = as_json(folder, "customers", "show", "小美爱购物")
    assert shown["group"] == "vip"
    assert [(h["old_group"], h["new_group"], h["agent"]) for h in shown["group_history"]] == [
        (None, "buyer", ""), ("buyer", "vip", "阿强")]
    text = ok(folder, "customers", "show", "小美爱购物").stdout
    assert "Phone: 138****1234" in text and "13812341234" not in text


@pytest.mark.parametrize(("args", "message"), [
    (("customers", "add", "x1", "--group", "nope"), "Error: Unknown group: nope"),
    (("customers", "add", "x1", "--platform", "ebay"), "Error: Unknown platform: ebay"),
    (("customers", "set-group", "nobody", "vip"), "Error: No customer with this nickname"),
    (("customers", "show", "nobody"), "Error: No customer with this nickname"),
    (("memos", "add", "hello", "--buyer", "nobody"), "Error: No customer with this nickname"),
    (("handover", "write", "--summary", "s", "--item", "lost:x"), "Error: Unknown item kind: lost"),
    (("handover", "write", "--summary", "s", "--item", "reply:a", "--item", "nokind"), "Error: An item is written"),
    (("cases", "add", "丢件"), "Error: Unknown case kind: 丢件"),
])
def test_bad_input_is_one_line_exit_1_and_nothing_written(folder: Path, args: tuple[str, ...], message: str) -> None:
    before = as_json(folder, "customers", "list"), as_json(folder, "memos", "list"), \
        as_json(folder, "handover", "show"), as_json(folder, "cases", "list")
    result = run(folder, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    after = as_json(folder, "customers", "list"), as_json(folder, "memos", "list"), \
        as_json(folder, "handover", "show"), as_json(folder, "cases", "list")
    assert after == before


def test_error_line_in_chinese(folder: Path) -> None:
    session = open_session(folder, seed=False)
    session.settings.set("ui.language", "zh_CN")
    session.close()
    result = run(folder, "customers", "set-group", "nobody", "vip")
    assert (result.exit_code, result.stderr) == (1, "错误：没有这个昵称的客户\n")
    assert run(folder, "handover", "write", "--summary", "s", "--item", "丢失:x").stderr.startswith(
        "错误：未知事项类型：丢失")


def test_memos_add_list_search_done(folder: Path) -> None:
    ok(folder, "customers", "add", "小美爱购物")
    ok(folder, "memos", "add", "问 @小美爱购物 尺码偏大 #尺码", "--agent", "阿强")
    ok(folder, "memos", "add", "明天上新 发货提醒", "--tag", "上新", "--buyer", "小美爱购物", "--agent", "阿强")
    ok(folder, "memos", "add", "小李自己的备忘", "--agent", "小李")
    memos = as_json(folder, "memos", "list", "--agent", "阿强")
    assert [(m["text"], m["nick"], m["tags"]) for m in memos] == [
        ("明天上新 发货提醒", "小美爱购物", ["上新"]), ("问 @小美爱购物 尺码偏大 #尺码", "小美爱购物", ["尺码"])]
    found = as_json(folder, "memos", "search", "尺码", "--agent", "阿强")
    assert [m["text"] for m in found] == ["问 @小美爱购物 尺码偏大 #尺码"]
    ok(folder, "memos", "done", str(found[0]["id"]))
    assert [m["text"] for m in as_json(folder, "memos", "list", "--agent", "阿强")] == ["明天上新 发货提醒"]
    assert len(as_json(folder, "memos", "list", "--all", "--agent", "阿强")) == 2
    assert run(folder, "memos", "done", "999").exit_code == 1


def test_handover_write_show_ack_export(folder: Path, tmp_path: Path) -> None:
    ok(folder, "customers", "add", "小美爱购物")
    written = ok(folder, "handover", "write", "--summary", "双11预热", "--item", "chase:催 @小美爱购物 付款",
                 "--item", "通知:明天大促", "--agent", "阿强")
    assert "2 open items" in written.stdout
    note = as_json(folder, "handover", "show")
    assert (note["summary"], note["author"]) == ("双11预热", "阿强")
    assert [(i["kind"], i["nick"]) for i in note["items"]] == [("chase", "小美爱购物"), ("notice", None)]
    assert note["acknowledged_by"] == []
    ok(folder, "handover", "ack", "--agent", "小李")
    assert [a["agent"] for a in as_json(folder, "handover", "show")["acknowledged_by"]] == ["小李"]
    text = ok(folder, "handover", "show").stdout
    assert "[Unpaid order to chase] 催 @小美爱购物 付款" in text and "Acknowledged by: 小李" in text
    for name in ("handover.txt", "handover.md", "handover.csv"):
        ok(folder, "handover", "export", str(tmp_path / name))
        assert "明天大促" in (tmp_path / name).read_text(encoding="utf-8-sig")
    ok(folder, "handover", "done", str(note["items"][0]["id"]))
    ok(folder, "handover", "write", "--summary", "晚班")
    assert [(i["text"], i["carried"]) for i in as_json(folder, "handover", "show")["items"]] == [
        ("明天大促", True)]
    assert len(as_json(folder, "handover", "history", "--author", "阿强")) == 1


def test_more_commands(folder: Path, tmp_path: Path) -> None:
    ok(folder, "customers", "add", "tb_lily")
    ok(folder, "followups", "add", "催付款", "--due", "+0m", "--buyer", "tb_lily")
    due = as_json(folder, "followups", "list", "--due")
    assert [f["text"] for f in due] == ["催付款"]
    ok(folder, "followups", "done", str(due[0]["id"]))
    assert as_json(folder, "followups", "list") == []
    ok(folder, "cases", "add", "退货", "--order", "20261122", "--buyer", "tb_lily")
    ok(folder, "cases", "status", "1", "处理中")
    assert [(c["kind"], c["status"]) for c in as_json(folder, "cases", "list", "--open")] == [("return", "in_progress")]
    ok(folder, "customers", "edit", "tb_lily", "--lost-reason", "不包邮")
    ok(folder, "customers", "tag", "tb_lily", "犹豫")
    assert as_json(folder, "customers", "show", "tb_lily")["tags"] == ["犹豫"]
    report = as_json(folder, "reports", "show", "--week")
    assert (report["followups_done"], report["lost_reasons"]) == (1, {"no_free_shipping": 1})
    ok(folder, "reports", "export", str(tmp_path / "r.xlsx"))
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    ok(folder, "agents", "add", "小李", "--number", "1024")
    ok(folder, "agents", "switch", "小李")
    assert as_json(folder, "agents", "list") == [{"id": 1, "name": "小李", "number": "1024", "current": True}]
    ok(folder, "memos", "add", "记录")
    assert as_json(folder, "memos", "list")[0]["agent"] == "小李"


@pytest.mark.parametrize("group", ["customers", "memos", "handover", "followups", "cases", "reports", "agents"])
def test_every_command_has_help_with_examples(group: str) -> None:
    top = CliRunner().invoke(cli, [group, "--help"])
    assert top.exit_code == 0 and "Examples:" in top.output
    for name in cli.commands[group].commands:
        sub = CliRunner().invoke(cli, [group, name, "--help"])
        assert sub.exit_code == 0 and "Usage:" in sub.output
        if f"{group} {name}" in CONTRACT:
            assert "Examples:" in sub.output and f"deskassist {group} {name}" in sub.output, (group, name)


CONTRACT = {"customers add", "customers list", "customers show", "customers set-group", "memos add", "memos list",
            "memos search", "memos done", "handover write", "handover show", "handover ack", "handover export"}


SECRETS = ("隐私昵称甲乙", "priv_nick_zz9", "13900009999", "0009999", "秘密备注丙丁", "secret-note-xyz")


def test_no_personal_data_in_log_or_stderr(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup = log.setup
    monkeypatch.setattr(log, "setup", lambda *a, **kw: setup(*a, **{**kw, "level": logging.DEBUG}))
    runs = [
        ("customers", "add", "隐私昵称甲乙", "--phone", "13900009999", "--note", "秘密备注丙丁", "--tag", "secret-note-xyz"),
        ("customers", "add", "priv_nick_zz9", "--note", "secret-note-xyz"),
        ("customers", "set-group", "隐私昵称甲乙", "vip"),
        ("customers", "edit", "priv_nick_zz9", "--phone", "13900009999", "--lost-note", "秘密备注丙丁"),
        ("customers", "show", "隐私昵称甲乙", "--reveal"),
        ("memos", "add", "秘密备注丙丁 @隐私昵称甲乙 #secret-note-xyz"),
        ("memos", "search", "秘密备注丙丁"),
        ("followups", "add", "秘密备注丙丁", "--due", "15:00", "--buyer", "priv_nick_zz9"),
        ("cases", "add", "退货", "--buyer", "隐私昵称甲乙", "--note", "秘密备注丙丁"),
        ("handover", "write", "--summary", "秘密备注丙丁", "--item", "chase:@priv_nick_zz9 13900009999"),
        ("handover", "ack"),
    ]
    stderr = ""
    for args in runs:
        result = ok(folder, *args)
        stderr += result.stderr
    logged = (folder / "logs" / "deskassist.log").read_text(encoding="utf-8")
    events = [json.loads(line)["event"] for line in logged.splitlines()]
    assert {"customer_added", "customer_group_changed", "memo_added", "followup_added", "case_added",
            "handover_written", "handover_acknowledged"} <= set(events)
    for secret in SECRETS:
        assert secret not in logged
        assert secret not in stderr


def _subprocess(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8", "DESKASSIST_LOG_JSON": "1"}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_real_process_round_trip_and_private_stderr(folder: Path) -> None:
    added = _subprocess(folder, "customers", "add", "priv_nick_zz9", "--phone", "13900009999", "--group", "vip")
    assert added.returncode == 0, added.stderr
    shown = _subprocess(folder, "customers", "show", "priv_nick_zz9", "--json")
    assert json.loads(shown.stdout)["phone"] == "139****9999"
    bad = _subprocess(folder, "customers", "set-group", "priv_nick_zz9", "nope")
    assert bad.returncode == 1
    assert bad.stderr == "Error: Unknown group: nope (groups: inquiry, buyer, vip)\n"
    memo = _subprocess(folder, "memos", "add", "secret-note-xyz", "--buyer", "priv_nick_zz9")
    assert memo.returncode == 0
    for result in (added, shown, bad, memo):
        for secret in SECRETS:
            assert secret not in result.stderr
    assert json.loads(_subprocess(folder, "memos", "list", "--json").stdout)[0]["nick"] == "priv_nick_zz9"
