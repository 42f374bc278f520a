"""`deskassist agents rename OLD NEW`: the agent's memo book, handover notes and acknowledgements follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import as_json, ok, run

from deskassist.services.data_folder import open_session


@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    open_session(data_dir, seed=False).close()
    return data_dir


def test_rename_keeps_the_memo_book_notes_and_acks(folder: Path) -> None:
    ok(folder, "agents", "add", "小美", "--number", "1002")
    ok(folder, "agents", "add", "阿强")
    ok(folder, "agents", "switch", "小美")
    ok(folder, "memos", "add", "明天催付")
    ok(folder, "handover", "write", "--summary", "交班", "--agent", "阿强")
    ok(folder, "handover", "ack")
    assert "Renamed" in ok(folder, "agents", "rename", "小美", "美美").stdout
    assert [m["text"] for m in as_json(folder, "memos", "list")] == ["明天催付"]
    assert [m["agent"] for m in as_json(folder, "memos", "list", "--agent", "美美")] == ["美美"]
    (note,) = as_json(folder, "handover", "history")
    assert [a["agent"] for a in note["acknowledged_by"]] == ["美美"]
    agents = as_json(folder, "agents", "list")
    assert [(a["name"], a["current"]) for a in agents] == [("美美", True), ("阿强", False)]
    ok(folder, "agents", "rename", "阿强", "强哥")
    assert [n["author"] for n in as_json(folder, "handover", "history", "--author", "强哥")] == ["强哥"]


@pytest.mark.parametrize(("args", "message"), [
    (("王芳", "芳芳"), "No agent named 王芳"),
    (("小美", "阿强"), "The agent 阿强 already exists"),
    (("小美", " "), "An agent name needs 1 to 32 characters on one line"),
])
def test_a_refused_rename_is_one_line_and_changes_nothing(folder: Path, args: tuple[str, str], message: str) -> None:
    ok(folder, "agents", "add", "小美")
    ok(folder, "agents", "add", "阿强")
    result = run(folder, "agents", "rename", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {message}"
    assert [a["name"] for a in as_json(folder, "agents", "list")] == ["小美", "阿强"]
