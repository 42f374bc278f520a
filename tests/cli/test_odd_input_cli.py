"""A real `deskassist` process on odd input: a database holding text that is not valid UTF-8 (the commands
work; neither stderr nor the log file shows the customer's phone or note), and an XLSX file that makes
openpyxl warn (the import works and stderr stays clean)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13812345678"


def _deskassist(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_customers_with_bad_bytes_list_and_show_without_leaking(data_dir: Path) -> None:
    session = open_session(data_dir, seed=False)
    CustomerService(session).add("小美", note="住在北京", phone=PHONE)
    session.close()
    spoiler = sqlite3.connect(data_dir / "deskassist.db")
    spoiler.execute(f"UPDATE customers SET note = '住在北京 {PHONE} ' || CAST(x'e4b8' AS TEXT), "
                    f"phone = '{PHONE}' || CAST(x'e4b8' AS TEXT)")
    spoiler.commit()
    spoiler.close()

    listed = _deskassist(data_dir, "customers", "list")
    as_json = _deskassist(data_dir, "customers", "list", "--json")
    shown = _deskassist(data_dir, "customers", "show", "小美")
    for result in (listed, as_json, shown):
        assert (result.returncode, result.stderr) == (0, "")
    assert "小美" in listed.stdout
    assert json.loads(as_json.stdout)[0]["note"] == f"住在北京 {PHONE} \ufffd"
    log_file = data_dir / "logs" / "deskassist.log"
    assert PHONE not in (log_file.read_text(encoding="utf-8") if log_file.exists() else "")


def test_an_xlsx_openpyxl_warns_about_imports_with_a_clean_stderr(data_dir: Path, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["分组", "快捷短语"])
    book.active.append(["问候", "您好"])
    plain = io.BytesIO()
    book.save(plain)
    path = tmp_path / "warns.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/workbook.xml":  # a sheet entry without r:id: openpyxl warns that it drops it
                content = content.replace(b"</sheets>", b'<sheet name="x" sheetId="2" /></sheets>')
            target.writestr(name, content)
    result = _deskassist(data_dir, "phrases", "import", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "1 phrases to add" in result.stdout


def test_hostile_packs_are_refused_in_one_line_and_write_nothing(data_dir: Path, tmp_path: Path) -> None:
    open_session(data_dir, seed=False).close()
    book = Workbook()
    book.active.append(["分组", "快捷短语"])
    book.active.append(["问候", "XXE"])
    plain = io.BytesIO()
    book.save(plain)
    xxe = tmp_path / "xxe.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(xxe, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                           + content.replace(b"XXE", b"&e;"))
            target.writestr(name, content)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    superscript = tmp_path / "pinned.csv"
    superscript.write_text("分组,快捷短语,固定\n问候,您好,³\n", encoding="utf-8")
    expected = {xxe: f"Error: {xxe} is not an Excel .xlsx file or is damaged\n",
                deep: f"Error: {deep} is nested too deeply to be a phrase pack\n",
                superscript: "Nothing was imported: 1 rows have problems; fix them and import again\n"}
    for path, message in expected.items():
        result = _deskassist(data_dir, "phrases", "import", str(path))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert (result.stdout + result.stderr).endswith(message)
    assert "Row 2: A pinned slot is a number from 1 to 9, not ³" in result.stdout + result.stderr
    listed = _deskassist(data_dir, "phrases", "list", "--json")
    assert json.loads(listed.stdout) == []
