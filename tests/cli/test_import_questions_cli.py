"""`phrases import` of an exported library with questions added in the sheet says how many it added."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import as_json, ok


def test_reimported_library_reports_the_new_questions(data_dir: Path, english: None, tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    ok(data_dir, "phrases", "export", str(path))
    pack = json.loads(path.read_text(encoding="utf-8"))
    shipping = next(p for p in pack["phrases"] if p["code"] == "by")
    shipping["questions"].append("包邮到新疆不")
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")

    out = ok(data_dir, "phrases", "import", str(path)).output
    assert "New example questions (问法) for phrases already in the library: 1" in out
    phrase_id = next(p["id"] for p in as_json(data_dir, "phrases", "list") if p["code"] == "by")
    assert "包邮到新疆不" in [q["text"] for q in as_json(data_dir, "phrases", "questions", str(phrase_id))]
