"""What pypinyin costs a process and what dropping it gives back: `python -m benchmarks.pinyin_memory`.

A write (a phrase or customer added) loads pypinyin for its search keys; the app drops it once writes have been
quiet for a minute (app/root.py PINYIN_KEPT_MS). Each step runs in a fresh process: VmRSS before the first key,
after it, after core.pinyin.unload() with a garbage collection and malloc_trim (as the app does), and after the
next key imports it again (with the time that import took)."""

from __future__ import annotations

import json
import subprocess
import sys

STEPS = r"""
import ctypes, gc, json, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from deskassist.core import pinyin
figures = {"before": rss()}
started = time.perf_counter()
pinyin.pinyin_keys("重新发货")
figures["first_key_ms"] = (time.perf_counter() - started) * 1000
figures["loaded"] = rss()
pinyin.unload()
gc.collect()
ctypes.CDLL(None).malloc_trim(0)
figures["dropped"] = rss()
started = time.perf_counter()
pinyin.pinyin_keys("银行卡")
figures["again_ms"] = (time.perf_counter() - started) * 1000
figures["again"] = rss()
print(json.dumps(figures))
"""


def main() -> int:
    runs = [json.loads(subprocess.run([sys.executable, "-c", STEPS], check=True, capture_output=True,
                                      text=True).stdout) for _ in range(3)]
    for name in ("before", "loaded", "dropped", "again"):
        print(f"VmRSS {name:<8} " + "  ".join(f"{run[name]:6.1f} MB" for run in runs))
    print("first key      " + "  ".join(f"{run['first_key_ms']:6.0f} ms" for run in runs))
    print("key after drop " + "  ".join(f"{run['again_ms']:6.0f} ms" for run in runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
