"""Writers side by side: `python -m benchmarks.concurrent_writers [--seconds 60]`.

The app's services writing in a loop in one process (phrases added and edited, uses counted, memos added)
while CLI loops run real `deskassist` processes: `memos add`, `phrases add`, `phrases edit`, `phrases
import`. Every attempt must succeed: a writer waits for the write lock (BEGIN IMMEDIATE, busy timeout)
instead of failing with "database is locked". Prints attempts and failures per writer.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

APP_WRITER = r"""
import sys, time
from deskassist.core.errors import UserError
from deskassist.core.models import PhraseDraft
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService
from deskassist.services.data_folder import open_session

deadline = time.monotonic() + float(sys.argv[2])
session = open_session(sys.argv[1])
phrases, memos = PhraseService(session), MemoService(session)
attempts = failures = 0
first = phrases.list()[0].id
while time.monotonic() < deadline:
    attempts += 1
    try:
        added = phrases.add(PhraseDraft(category="应用", body=f"应用写入的短语 第{attempts}条 亲，请稍等"))
        phrases.update(added.id, body=f"应用改过的短语 第{attempts}条 感谢您的耐心等待")
        phrases.record_use(first)
        memos.add(f"应用备忘 {attempts}")
    except Exception as exc:  # counted, reported by kind only
        failures += 1
        print(type(exc).__name__, str(exc)[:120], file=sys.stderr)
print(attempts, failures)
"""


@dataclass
class WriterCounts:
    attempts: int = 0
    failures: int = 0
    errors: list[str] = field(default_factory=list)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"})
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "DESKASSIST_HOME"):
        env.pop(var, None)
    return env


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args],
                          capture_output=True, text=True, env=_environment(), timeout=120, cwd=folder.parent)


def _cli_loop(folder: Path, deadline: float, counts: WriterCounts, args_for: Callable[[int], list[str]]) -> None:
    while time.monotonic() < deadline:
        counts.attempts += 1
        result = _cli(folder, *args_for(counts.attempts))
        if result.returncode != 0:
            counts.failures += 1
            counts.errors.append(result.stderr.strip()[-300:])


def run(seconds: float, workdir: Path | None = None) -> dict[str, WriterCounts]:
    base = Path(tempfile.mkdtemp(prefix="concurrent-writers-", dir=workdir))
    folder = base / "data"
    setup = _cli(folder, "phrases", "add", "--category", "编辑", "--body", "要被反复编辑的短语")
    assert setup.returncode == 0, setup.stderr
    edit_id = _cli(folder, "phrases", "list", "--category", "编辑", "--json").stdout
    phrase_id = str(json.loads(edit_id)[0]["id"])
    pack = base / "pack.csv"
    counts = {name: WriterCounts() for name in ("app", "memos add", "phrases add", "phrases edit",
                                                 "phrases import")}
    deadline = time.monotonic() + seconds

    def import_args(n: int) -> list[str]:
        pack.with_name(f"pack-{n}.csv").write_text(
            "分组,标题,快捷短语\n" + "".join(f"导入{n},标题{n}-{i},导入的短语 {n}-{i} 亲，欢迎光临本店\n"
                                           for i in range(20)), encoding="utf-8")
        return ["phrases", "import", str(pack.with_name(f"pack-{n}.csv"))]

    loops = {
        "memos add": lambda n: ["memos", "add", f"命令行备忘 {n}"],
        "phrases add": lambda n: ["phrases", "add", "--category", "命令行", "--body", f"命令行短语 {n} 亲，您好"],
        "phrases edit": lambda n: ["phrases", "edit", phrase_id, "--body", f"第{n}次编辑 发货时间是48小时内"],
        "phrases import": import_args,
    }
    app = subprocess.Popen([sys.executable, "-c", APP_WRITER, str(folder), str(seconds)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=_environment(), cwd=base)
    threads = [threading.Thread(target=_cli_loop, args=(folder, deadline, counts[name], args_for))
               for name, args_for in loops.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out, err = app.communicate(timeout=seconds + 120)
    attempts, failures = (int(x) for x in out.split()) if out.strip() else (0, 1)
    counts["app"] = WriterCounts(attempts, failures, [line for line in err.splitlines() if line][:5])
    if app.returncode:
        counts["app"].failures += 1
        counts["app"].errors.append(err.strip()[-300:])
    shutil.rmtree(base, ignore_errors=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    counts = run(args.seconds)
    for name, c in counts.items():
        print(f"{name:15} attempts={c.attempts:5} failures={c.failures}")
        for error in c.errors[:3]:
            print("    " + error.replace("\n", " | ")[:300])
    print(f"total failures={sum(c.failures for c in counts.values())}")


if __name__ == "__main__":
    main()
