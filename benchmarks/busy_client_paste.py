"""Busy chat client: `python -m benchmarks.busy_client_paste [--runs 8] [--stalls 0,500,800,1000]`.

Issue 7, point 1: with a buyer's address on the clipboard, a chat client whose GUI thread stalls before it
reads the clipboard must still receive the phrase, never the previous clipboard. For each stall the
stand-in chat client (tests/e2e/chat_standin.py --stall-ms) gets `--runs` slot-hotkey pastes from the
real HotkeyBridge + PasteEngine (tests/e2e/paste_driver.py) with auto-send on, and the counts are printed:
  phrase      messages sent that were the phrase
  old_sent    messages sent that carried the previous clipboard (the leak)
  old_in_box  pastes after which the chat box showed the previous clipboard at any moment
  restored    pastes after which the previous clipboard was back on the clipboard
  read_ms     median time from the paste key to the target's read (the engine's "read" log line)
Run it from a checkout: the driver and stand-in are that checkout's.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from x_harness import ChatStandin, HarnessError, PasteDriver, XServer  # noqa: E402

PRIVATE = "张三 13812345678 北京市朝阳区建国路88号"
PHRASE = "亲，您好！我是客服小美，很高兴为您服务~"


def run_stall(xserver: XServer, folder: Path, stall_ms: int, runs: int) -> dict[str, object]:
    chat = ChatStandin(xserver, title=f"busy {stall_ms}", stall_ms=stall_ms)
    driver = PasteDriver(xserver, folder, {"slot1": ("Ctrl+Alt+1", PHRASE)}, {"paste.auto_send": True})
    counts = {"phrase": 0, "old_sent": 0, "old_in_box": 0, "restored": 0, "lost": 0}
    try:
        xserver.set_clipboard(PRIVATE)
        chat.focus()
        for _ in range(runs):
            since_chat, since_driver = chat.mark(), driver.mark()
            sent_before = len(chat.sent)
            xserver.key("Ctrl+Alt+1").wait(5)
            deadline = time.monotonic() + stall_ms / 1000 + 5
            while len(chat.sent) == sent_before and time.monotonic() < deadline:
                time.sleep(0.01)
            if len(chat.sent) == sent_before:
                counts["lost"] += 1
                continue
            message = chat.sent[-1]
            counts["phrase"] += message == PHRASE
            counts["old_sent"] += PRIVATE in message
            counts["old_in_box"] += any(PRIVATE in r.get("text", "") for r in chat.find(since_chat, event="text"))
            with contextlib.suppress(HarnessError):  # the old engine logged it on its own schedule
                driver.wait_for("paste", "clipboard_restored", timeout=3, since=since_driver)
            time.sleep(0.05)
            counts["restored"] += xserver.clipboard() == PRIVATE
            if xserver.clipboard() != PRIVATE:
                xserver.set_clipboard(PRIVATE)  # start every run from the buyer's address
        reads = [r["ms"] for r in driver.find(logger="paste", event="read") if "ms" in r]
        counts["read_ms"] = round(statistics.median(reads)) if reads else "-"
    finally:
        driver.stop()
        chat.stop()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--stalls", default="0,500,800,1000")
    args = parser.parse_args()
    stalls = [int(s) for s in args.stalls.split(",") if s.strip()]
    xserver = XServer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"{'stall_ms':>8} {'runs':>4} {'phrase':>6} {'old_sent':>8} {'old_in_box':>10} "
                  f"{'restored':>8} {'lost':>4} {'read_ms':>7}")
            for index, stall in enumerate(stalls):
                c = run_stall(xserver, Path(tmp) / f"driver{index}", stall, args.runs)
                print(f"{stall:>8} {args.runs:>4} {c['phrase']:>6} {c['old_sent']:>8} {c['old_in_box']:>10} "
                      f"{c['restored']:>8} {c['lost']:>4} {c['read_ms']:>7}", flush=True)
    finally:
        xserver.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
