"""Fuzz the phrase import with many more inputs than the test suite runs; prints the counts.

    python -m benchmarks.fuzz_import [--inputs N] [--seconds S] [--seed N] [--keep DIR]

Inputs come from tests/fuzz_inputs.py (valid CSV, JSON and XLSX packs, damaged at random). Each one is
imported into a real throw-away data folder. An input either imports, has rows refused (nothing written), or
is refused as a file (one-line UserError); anything else is a crash, counted by exception type, and the
first input of each type is kept under --keep for a test to reproduce.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from deskassist.core.errors import UserError
from deskassist.services.data_folder import open_session
from deskassist.services.phrase_io import import_phrases
from deskassist.services.phrases import PhraseService

_INPUTS_PATH = Path(__file__).resolve().parents[1] / "tests" / "fuzz_inputs.py"


def _fuzz_inputs() -> ModuleType:
    """tests/fuzz_inputs.py, loaded by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("fuzz_inputs", _INPUTS_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=5000, help="stop after this many inputs")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop after this long")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="folder for the inputs that crashed")
    args = parser.parse_args()
    inputs = _fuzz_inputs()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="fuzz-import-"))
    session = open_session(work / "data", seed=False)
    service = PhraseService(session)
    outcomes: collections.Counter[str] = collections.Counter()
    crashes: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    count = 0
    try:
        while count < args.inputs and time.monotonic() - started < args.seconds:
            kind = inputs.FORMATS[count % len(inputs.FORMATS)]
            data = inputs.fuzz_input(kind, rng)
            path = work / f"input.{kind}"
            path.write_bytes(data)
            count += 1
            try:
                report = import_phrases(service, path)
            except UserError:
                outcomes[f"{kind} file refused"] += 1
                continue
            except Exception as exc:  # the point: count what should never happen
                name = f"{kind} {type(exc).__name__}"
                if not crashes[name] and args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, args.keep / f"{name.replace(' ', '-')}.{kind}")
                crashes[name] += 1
                continue
            outcomes[f"{kind} {'rows refused' if report.errors else 'imported'}"] += 1
    finally:
        session.close()
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    refusals = sum(n for k, n in outcomes.items() if "refused" in k)
    print(f"inputs {count} in {elapsed:.1f} s (seed {args.seed}): imported {count - refusals - sum(crashes.values())}, "
          f"refusals {refusals}, crashes {sum(crashes.values())}")
    for name, number in sorted(outcomes.items()):
        print(f"  {name}: {number}")
    for name, number in sorted(crashes.items()):
        print(f"  CRASH {name}: {number}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
