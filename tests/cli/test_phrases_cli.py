"""The phrases / config / backup / restore commands: in-process (click's CliRunner) on real SQLite files,
and as real `python -m deskassist` subprocesses for the contract scripts rely on."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from cli_runner import as_json, ok, run
from click.testing import CliRunner

from deskassist import paths
from deskassist.cli import cli, main
from deskassist.services.data_folder import open_session

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    return data_dir



def guarded(folder: Path, *args: str) -> tuple[int, str, str]:
    """Through the console entry point (main: one line for user errors, exit codes), output captured."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _both):
        try:
            main(["--data-dir", str(folder), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().decode(), err.getvalue().decode()


# in-process
def test_list_shows_the_default_pack_and_json_has_the_public_fields(folder: Path) -> None:
    lines = ok(folder, "phrases", "list").stdout.splitlines()
    assert len(lines) >= 30 and "问候开场 › 欢迎光临  [hy]  (pinned 1)" in lines[0]
    listed = as_json(folder, "phrases", "list")
    assert {"id", "category", "title", "body", "code", "uses", "pinned"} <= set(listed[0])
    only = as_json(folder, "phrases", "list", "--category", "催付")
    assert {p["category"] for p in only} == {"催付"} and len(only) == 3


def test_an_empty_library_says_so(folder: Path) -> None:
    open_session(folder, seed=False).close()
    result = ok(folder, "phrases", "list")
    assert result.stdout == "" and "No phrases yet" in result.stderr
    assert as_json(folder, "phrases", "list") == []


def test_add_edit_delete(folder: Path) -> None:
    added = ok(folder, "phrases", "add", "--category", "测试", "--body", "您好，这是第一行\n第二行", "--code", "cs",
               "--pinned", "9")
    new_id = int(added.stdout.split()[2].rstrip(":"))
    phrase = next(p for p in as_json(folder, "phrases", "list", "--category", "测试"))
    assert (phrase["id"], phrase["title"], phrase["body"], phrase["code"], phrase["pinned"]) == (
        new_id, "您好，这是第一行", "您好，这是第一行\n第二行", "cs", 9)
    ok(folder, "phrases", "edit", str(new_id), "--title", "测试标题", "--pinned", "none", "--code", "cs2")
    phrase = as_json(folder, "phrases", "list", "--category", "测试")[0]
    assert (phrase["title"], phrase["pinned"], phrase["code"]) == ("测试标题", None, "cs2")
    assert "Deleted phrase" in ok(folder, "phrases", "delete", str(new_id)).stdout
    assert all(p["id"] != new_id for p in as_json(folder, "phrases", "list"))


def test_search_by_initials_pinyin_and_code(folder: Path) -> None:
    assert as_json(folder, "phrases", "search", "fh")[0]["code"] == "fh"
    assert as_json(folder, "phrases", "search", "tuihuo")[0]["title"] == "退货流程"
    assert len(as_json(folder, "phrases", "search", "fh", "--limit", "2")) == 2
    assert as_json(folder, "phrases", "search", "zzzzqqq") == []
    assert "No phrase matches" in run(folder, "phrases", "search", "zzzzqqq").stderr


def test_render_uses_settings_buyer_and_fill_ins(folder: Path) -> None:
    ok(folder, "config", "set", "agent.name", "小美")
    ok(folder, "config", "set", "shop.name", "花花女装")
    assert ok(folder, "phrases", "render", "1", "--buyer", "小米粥").stdout == (
        "小米粥您好，欢迎光临花花女装！我是客服小美，很高兴为您服务，请问有什么可以帮您的呢？\n")
    sized = next(p for p in as_json(folder, "phrases", "list") if "{?尺码}" in p["body"])
    code, _out, err = guarded(folder, "phrases", "render", str(sized["id"]))
    assert code == 1 and "asks for 尺码" in err
    assert "建议您选择L码" in ok(folder, "phrases", "render", str(sized["id"]), "--set", "尺码=L").stdout


def test_user_errors_are_one_line_and_exit_1(folder: Path) -> None:
    cases = [
        (("phrases", "add", "--category", "测试", "--body", "您好", "--code", "hy"), "already used by phrase 1"),
        (("phrases", "add", "--category", "测试", "--body", "您好", "--pinned", "12"), "from 1 to 9"),
        (("phrases", "edit", "1"), "Nothing to change"),
        (("phrases", "edit", "abc", "--body", "x"), "ID must be a whole number"),
        (("phrases", "delete", "9999"), "no phrase with id 9999"),
        (("phrases", "render", "1", "--set", "oops"), "--set needs NAME=VALUE"),
        (("phrases", "list", "--category", "没这个"), "no category named"),
        (("phrases", "import", "nothing.csv"), "does not exist"),
        (("config", "get", "no.such"), "Unknown setting: no.such"),
        (("config", "set", "paste.auto_send", "maybe"), "Invalid value for paste.auto_send"),
        (("config", "set", "hotkeys.picker", "Ctrl+Space"), "input method"),
    ]
    for args, message in cases:
        code, out, err = guarded(folder, *args)
        assert (code, out) == (1, ""), args
        assert err.count("\n") == 1 and err.startswith("Error: ") and message in err, (args, err)


def test_config_get_set_list(folder: Path) -> None:
    assert ok(folder, "config", "set", "paste.auto_send", "yes").stdout == "paste.auto_send = true\n"
    assert ok(folder, "config", "get", "paste.auto_send").stdout == "true\n"
    assert ok(folder, "config", "set", "hotkeys.picker", "ctrl+alt+k").stdout == "hotkeys.picker = Ctrl+Alt+K\n"
    listed = ok(folder, "config", "list").stdout
    assert "agent.name = \n" in listed and "Your name as buyers see it" in listed
    values = json.loads(ok(folder, "config", "list", "--json").stdout)
    assert values["paste.auto_send"] is True and values["ui.language"] == "auto"


def test_import_dry_run_then_import_then_problems(folder: Path, tmp_path: Path) -> None:
    pack = tmp_path / "团队话术.csv"
    with open(pack, "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows([["分组", "标题", "快捷编码", "快捷短语"], ["活动", "双十一", "sse", "双十一全场满减～"],
                                  ["问候开场", "欢迎光临", "hy", "{客户}您好，欢迎光临{店铺}！我是客服{客服}，很高兴为您服务，"
                                                            "请问有什么可以帮您的呢？"]])
    dry = ok(folder, "phrases", "import", str(pack), "--dry-run").stdout
    assert "Dry run: 1 phrases to add, 1 duplicates skipped, 1 new categories" in dry
    assert as_json(folder, "phrases", "search", "sse") == []
    assert "Imported: 1 phrases to add" in ok(folder, "phrases", "import", str(pack)).stdout
    assert as_json(folder, "phrases", "search", "sse")[0]["title"] == "双十一"

    bad = tmp_path / "bad.csv"
    bad.write_text("分组,快捷短语,快捷编码\n活动,第一条,new1\n活动,,new2\n活动,第三条,fh\n", encoding="utf-8")
    count = len(as_json(folder, "phrases", "list"))
    code, out, err = guarded(folder, "phrases", "import", str(bad))
    assert code == 1 and out == ""
    assert err.splitlines() == ["Row 3: the phrase text (快捷短语) is empty",
                                "Row 4: the code fh is already used by phrase 7 (发货时间)",
                                "Nothing was imported: 2 rows have problems; fix them and import again"]
    assert len(as_json(folder, "phrases", "list")) == count


def test_export_each_format_and_import_elsewhere(folder: Path, tmp_path: Path) -> None:
    original = as_json(folder, "phrases", "list")
    for suffix in (".csv", ".xlsx", ".json"):
        out = tmp_path / f"all{suffix}"
        assert f"Exported {len(original)} phrases" in ok(folder, "phrases", "export", str(out)).stdout
        other = tmp_path / f"other{suffix}"
        open_session(other, seed=False).close()
        ok(other, "phrases", "import", str(out), "--keep-pins")
        copied = as_json(other, "phrases", "list")
        keys = ("category", "title", "body", "code", "pinned")
        assert [[p[k] for k in keys] for p in copied] == [[p[k] for k in keys] for p in original]


def test_import_of_a_strangers_pack_names_clipboard_phrases_and_takes_no_pinned_slot(folder: Path,
                                                                                       tmp_path: Path) -> None:
    pack = tmp_path / "别人的话术.csv"
    pack.write_text("分组,标题,快捷短语,固定\n感谢,感谢支持,好的亲，感谢您的支持！{Clipboard},9\n感谢,欢迎,您好呀,2\n",
                    encoding="utf-8")
    notes = ["Row 2 (感谢支持): Reads the clipboard ({剪贴板}): whatever is on the clipboard when pasting (an "
             "address, a phone number) is sent to the buyer",
             "Row 2 (感谢支持): pinned slot 9 was not applied; an imported phrase takes no pinned slot",
             "Row 3 (欢迎): pinned slot 2 was not applied; an imported phrase takes no pinned slot",
             "To pin the pack's phrases to slots that are free, import with --keep-pins"]
    dry = ok(folder, "phrases", "import", str(pack), "--dry-run").stdout.splitlines()
    assert dry[2:] == notes
    done = ok(folder, "phrases", "import", str(pack)).stdout.splitlines()
    assert done[0].startswith("Imported: 2 phrases to add") and done[2:] == notes
    assert [p["pinned"] for p in as_json(folder, "phrases", "search", "感谢支持")] == [None]

    kept = ok(tmp_path / "other", "phrases", "import", str(pack), "--keep-pins").stdout.splitlines()
    assert kept[2:] == [notes[0], "Row 3 (欢迎): pinned slot 2 was not applied; it is taken by phrase 7 (发货时间)"]
    assert [p["pinned"] for p in as_json(tmp_path / "other", "phrases", "search", "感谢支持")] == [9]


def test_lint_names_a_phrase_that_reads_the_clipboard(folder: Path) -> None:
    ok(folder, "phrases", "add", "--category", "测试", "--body", "好的亲，感谢您的支持！{ CLIPBOARD }", "--title", "贴地址")
    code, out, err = guarded(folder, "phrases", "lint")
    assert code == 1 and "findings in 1 of" in err
    assert out.splitlines()[0].endswith("贴地址: Reads the clipboard ({ CLIPBOARD }): whatever is on the clipboard "
                                        "when pasting (an address, a phone number) is sent to the buyer")


def test_lint_passes_on_the_default_pack_and_flags_a_bare_negative(folder: Path) -> None:
    assert "pass the checks" in ok(folder, "phrases", "lint").stdout
    ok(folder, "phrases", "add", "--category", "测试", "--body", "不行。", "--title", "生硬")
    code, out, err = guarded(folder, "phrases", "lint")
    assert code == 1 and "生硬" in out and "findings in 1 of" in err


def test_backup_and_restore_commands(folder: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.db"
    assert ok(folder, "backup", str(saved)).stdout == f"Backed up to {saved}\n"
    ok(folder, "phrases", "delete", "1")
    restored = ok(folder, "restore", str(saved)).stdout.splitlines()
    assert restored[0] == f"Restored the database from {saved}"
    assert restored[1].startswith("The database as it was before is kept in ")
    assert as_json(folder, "phrases", "list")[0]["id"] == 1
    assert ok(folder, "backup").stdout.startswith(f"Backed up to {paths.backup_dir(folder)}")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


MINE = ("phrases", "config", "backup", "restore")


@pytest.mark.parametrize("path", [p for p, _c in _commands(cli) if p[0] in MINE], ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...], english: None) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example" in result.stdout and "deskassist " + " ".join(path) in result.stdout


def test_the_contract_commands_exist() -> None:
    names = {" ".join(p) for p, _c in _commands(cli)}
    assert {"phrases list", "phrases add", "phrases edit", "phrases delete", "phrases search", "phrases render",
            "phrases import", "phrases export", "phrases lint", "config get", "config set", "config list",
            "backup", "restore"} <= names


# real subprocesses
def deskassist(*args: str, lang: str = "C.UTF-8", home: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "DESKASSIST_"))}
    env.update(LANG=lang, PYTHONPATH=str(ROOT))
    if home is not None:
        env["DESKASSIST_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "deskassist", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)


def test_subprocess_add_search_export_import(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = deskassist("phrases", "add", "--category", "活动", "--body", "双十一全场满减，欢迎选购～", "--code", "ssy",
                       home=home)
    assert added.returncode == 0, added.stderr
    found = json.loads(deskassist("phrases", "search", "ssy", "--json", home=home).stdout)
    assert found[0]["code"] == "ssy" and found[0]["category"] == "活动"
    assert deskassist("phrases", "export", str(tmp_path / "all.xlsx"), home=home).returncode == 0
    other = tmp_path / "other"
    imported = deskassist("--data-dir", str(other), "phrases", "import", str(tmp_path / "all.xlsx"))
    assert imported.returncode == 0, imported.stderr
    assert "duplicates skipped" in imported.stdout  # the other folder has the default pack already
    assert json.loads(deskassist("--data-dir", str(other), "phrases", "search", "ssy", "--json").stdout)[0][
        "body"] == "双十一全场满减，欢迎选购～"


@pytest.mark.parametrize("kind", ["damaged", "not sqlite"])
def test_subprocess_damaged_database_is_named_and_left_unchanged(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    open_session(home).close()
    db_path = paths.database_path(home)
    if kind == "damaged":
        data = bytearray(db_path.read_bytes())
        data[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
    else:
        data = bytearray("订单表格，不是数据库\n".encode() * 100)
    db_path.write_bytes(bytes(data))
    for args in (("phrases", "list"), ("phrases", "add", "-c", "x", "-b", "y"), ("config", "set", "agent.name", "a"),
                 ("backup",)):
        result = deskassist("--data-dir", str(home), *args)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and str(db_path) in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert db_path.read_bytes() == bytes(data)


def test_subprocess_errors_are_chinese_on_a_chinese_system(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = deskassist("phrases", "add", "--category", "测试", "--body", "您好", "--code", "hy", lang="zh_CN.UTF-8",
                        home=home)
    assert result.returncode == 1
    assert result.stderr == "错误：快捷编码 hy 已被短语 1（欢迎光临）使用\n"
    missing = deskassist("phrases", "import", str(tmp_path / "无.csv"), lang="zh_CN.UTF-8", home=home)
    assert missing.stderr == f"错误：{tmp_path / '无.csv'} 不存在\n"


def test_subprocess_backup_then_restore(tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved = tmp_path / "saved.db"
    assert deskassist("backup", str(saved), home=home).returncode == 0
    assert deskassist("phrases", "delete", "1", home=home).returncode == 0
    restored = deskassist("restore", str(saved), home=home)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(deskassist("phrases", "list", "--json", home=home).stdout)[0]["code"] == "hy"
