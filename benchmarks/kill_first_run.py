"""Kill the first run at each of its writing syscalls: `python -m benchmarks.kill_first_run [--step 1]`.

Runs `deskassist phrases list` on a fresh data folder under `strace -f --inject=SYSCALL:signal=KILL:when=N`
for every SYSCALL that changes files (write, pwrite64, fsync, ...) and every N until the run completes, then
starts `deskassist phrases list --json` again on what was left and checks: it opens (no refusal), and the
whole default pack is there. Prints the counts: kills, refused, half-written (part of the pack), lost (no
pack). --step k kills only at every k-th invocation (the bounded run in the test suite).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SYSCALLS = ("write", "pwrite64", "fsync", "fdatasync", "ftruncate", "link", "rename", "unlink")
MAX_INVOCATIONS = 2000


@dataclass
class KillCounts:
    kills: int = 0
    refused: int = 0
    half_written: int = 0
    lost: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"kills={self.kills} refused={self.refused} half_written={self.half_written} "
                f"lost={self.lost}")


def deskassist_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "deskassist", "--data-dir", str(data_dir), *args]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"})
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "DESKASSIST_HOME"):
        env.pop(var, None)
    return env


def pack_size() -> int:
    from deskassist.services.phrases import load_default_pack

    return len(load_default_pack()["phrases"])


def killed_run(data_dir: Path, syscall: str, when: int) -> bool:
    """One first run killed at the when-th invocation of syscall; False when it finished before that."""
    command = ["strace", "-f", "-qq", "-o", "/dev/null", f"--inject={syscall}:signal=KILL:when={when}",
               *deskassist_command(data_dir, "phrases", "list")]
    result = subprocess.run(command, capture_output=True, env=_environment(), timeout=120, cwd=data_dir.parent)
    return result.returncode in (-9, 137)


def check_after(data_dir: Path, expected: int, counts: KillCounts, label: str) -> None:
    """Start again on what the killed run left: it must open and hold the whole default pack."""
    result = subprocess.run(deskassist_command(data_dir, "phrases", "list", "--json"), capture_output=True,
                            text=True, env=_environment(), timeout=120, cwd=data_dir.parent)
    if result.returncode != 0:
        counts.refused += 1
        counts.problems.append(f"{label}: refused: {result.stderr.strip()[:200]}")
        return
    phrases = len(json.loads(result.stdout))
    if phrases == 0:
        counts.lost += 1
        counts.problems.append(f"{label}: no default pack")
    elif phrases != expected:
        counts.half_written += 1
        counts.problems.append(f"{label}: {phrases} of {expected} phrases")


def run(step: int = 1, syscalls: tuple[str, ...] = SYSCALLS, workdir: Path | None = None) -> KillCounts:
    expected = pack_size()
    counts = KillCounts()
    base = Path(tempfile.mkdtemp(prefix="kill-first-run-", dir=workdir))
    try:
        for syscall in syscalls:
            when = 1
            while when <= MAX_INVOCATIONS:
                data_dir = base / f"{syscall}-{when}"
                if not killed_run(data_dir, syscall, when):
                    break
                counts.kills += 1
                check_after(data_dir, expected, counts, f"{syscall}#{when}")
                shutil.rmtree(data_dir, ignore_errors=True)
                when += step
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="kill at every k-th invocation only")
    args = parser.parse_args()
    counts = run(args.step)
    print(counts.line())
    for problem in counts.problems[:20]:
        print("  " + problem)


if __name__ == "__main__":
    main()
