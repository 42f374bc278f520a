"""The labelled buyer messages of benchmarks/suggest.py stay honest: enough of them, every label a default
phrase, and no held-out message copied from the pack's example questions or from the tuning part."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _messages() -> list[tuple[str, set[str], str]]:
    rows = []
    for line in (ROOT / "benchmarks" / "data" / "buyer_messages.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "part\t")):
            part, expected, message = line.split("\t")
            rows.append((part, set(expected.split(",")), message))
    return rows


def test_the_set_is_big_enough_and_labelled_with_default_phrases() -> None:
    pack = json.loads((ROOT / "resources" / "default_phrases.json").read_text(encoding="utf-8"))
    codes = {p["code"] for p in pack["phrases"]}
    rows = _messages()
    assert len(rows) >= 300
    assert {part for part, _e, _m in rows} == {"heldout", "tune"}
    assert all(expected <= codes for _p, expected, _m in rows)
    held_out = {code for part, expected, _m in rows if part == "heldout" for code in expected}
    assert held_out == codes  # every default phrase is asked for in the held-out part


def test_held_out_messages_are_not_pack_questions_nor_tuning_messages() -> None:
    pack = json.loads((ROOT / "resources" / "default_phrases.json").read_text(encoding="utf-8"))
    questions = {q for p in pack["phrases"] for q in p["questions"]}
    rows = _messages()
    tuning = {m for part, _e, m in rows if part == "tune"}
    held_out = [m for part, _e, m in rows if part == "heldout"]
    assert len(held_out) == len(set(held_out))
    assert [m for m in held_out if m in questions or m in tuning] == []
