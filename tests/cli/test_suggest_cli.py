"""`phrases suggest` and `phrases questions`, in-process on a real data folder with the default pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import as_json, ok
from click.testing import CliRunner

from deskassist.cli import main


def guarded(folder: Path, *args: str) -> tuple[int, str, str]:
    """Through the console entry point: exit code, stdout, stderr."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _both):
        try:
            main(["--data-dir", str(folder), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    return data_dir


def _code_of(folder: Path, code: str) -> int:
    return next(p["id"] for p in as_json(folder, "phrases", "list") if p["code"] == code)


def test_suggest_answers_the_buyers_own_words(folder: Path) -> None:
    for message, code in (("包邮不", "by"), ("啥时候发", "fh"), ("能便宜点不", "jg"), ("拍错地址了", "xgdz"),
                          ("物流咋不动了", "wl"), ("在吗", "hy")):
        found = as_json(folder, "phrases", "suggest", message, "--limit", "3")
        assert found[0]["code"] == code, (message, found[0])


def test_suggest_json_has_the_search_fields_plus_score_and_matched(folder: Path) -> None:
    searched = as_json(folder, "phrases", "search", "包邮")[0]
    found = as_json(folder, "phrases", "suggest", "包邮吗亲", "--limit", "2")
    assert len(found) == 2
    assert set(found[0]) == set(searched) | {"score", "matched"}
    assert found[0]["matched"] == "包邮吗" and found[0]["score"] >= found[1]["score"] > 0


def test_suggest_prints_lines_and_says_when_nothing_fits(folder: Path) -> None:
    lines = ok(folder, "phrases", "suggest", "几天到", "-n", "2").stdout.splitlines()
    assert len(lines) == 2 and "到货时间" in lines[0] and "几天到" in lines[0]
    result = ok(folder, "phrases", "suggest", "qwxz")
    assert result.stdout == "" and "No phrase fits qwxz" in result.stderr
    assert json.loads(ok(folder, "phrases", "suggest", "qwxz", "--json").stdout) == []


def test_pick_teaches_the_next_similar_message(folder: Path) -> None:
    gift = _code_of(folder, "zp")
    before = as_json(folder, "phrases", "suggest", "能寄到我们村吗")[0]
    assert before["id"] != gift
    assert "Learned" in ok(folder, "phrases", "suggest", "能寄到我们村吗", "--pick", str(gift)).stdout
    assert "already knows" in ok(folder, "phrases", "suggest", "能寄到我们村吗", "--pick", str(gift)).stdout
    after = as_json(folder, "phrases", "suggest", "能寄到我们村不")[0]
    assert (after["id"], after["matched"]) == (gift, "能寄到我们村吗")
    listed = ok(folder, "phrases", "questions", str(gift)).stdout.splitlines()
    assert listed[-1] == "能寄到我们村吗  (learned)"


def test_questions_list_add_remove(folder: Path) -> None:
    pid = _code_of(folder, "by")
    assert "包邮吗" in ok(folder, "phrases", "questions", str(pid)).stdout.splitlines()
    ok(folder, "phrases", "questions", str(pid), "--add", "免运不", "--add", "邮费咋算", "--remove", "包邮吗")
    texts = [q["text"] for q in as_json(folder, "phrases", "questions", str(pid))]
    assert texts[-2:] == ["免运不", "邮费咋算"] and "包邮吗" not in texts
    assert "already has" in ok(folder, "phrases", "questions", str(pid), "--add", "免运不").stdout
    assert {q["source"] for q in as_json(folder, "phrases", "questions", str(pid))} == {"pack"}


def test_questions_errors_are_one_line_exit_1_and_change_nothing(folder: Path) -> None:
    pid = _code_of(folder, "by")
    before = as_json(folder, "phrases", "questions", str(pid))
    for args, message in ((("--add", "新问法", "--remove", "不存在的问法"), "has no question"),
                          (("--add", "新问法", "--add", " "), "question is empty"),
                          (("--remove", "包邮吗", "--add", "问" * 201), "longer than 200"),
                          (("--add", "新问法", "999"), "no phrase with id 999"),
                          (("包邮", "--pick", "abc"), "--pick must be a whole number")):
        command = "suggest" if "--pick" in args else "questions"
        target = () if command == "suggest" or "999" in args else (str(pid),)
        code, out, err = guarded(folder, "phrases", command, *target, *args)
        assert (code, out) == (1, ""), args
        assert err.count("\n") == 1 and message in err, (args, err)
    assert as_json(folder, "phrases", "questions", str(pid)) == before


def test_a_phrase_without_questions_says_how_to_add_one(folder: Path) -> None:
    ok(folder, "phrases", "add", "-c", "自定义", "-b", "您好")
    pid = as_json(folder, "phrases", "list", "--category", "自定义")[0]["id"]
    result = ok(folder, "phrases", "questions", str(pid))
    assert result.stdout == "" and "--add" in result.stderr
