"""Team mode at shop scale: N desks (default 50) against one PostgreSQL server.

    python -m benchmarks.team_sync [--desks N] [--writes K] [--offline-changes M] [--url ADMIN_URL]

Every desk is a data folder with its own login, and a thread that does what the app's sync worker does:
LISTEN as a wake-up, pull on every notification. One desk after another writes a customer and pushes it;
the figure is the time from the write to the change being applied on every other desk (p50/p95 over all
write x desk pairs). Then one desk stays offline while M changes are pushed, and the time it needs to catch
up is measured. Without --url a throw-away cluster is started (Debian's postgresql package, as in the tests).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.bulk import add_customers
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.team import server, sync
from deskassist.team.server import NOTIFY_CHANNEL


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Listener(threading.Thread):
    """One desk's sync worker: its own SQLite session and its own listening connection."""

    def __init__(self, folder: Path, arrivals: dict[str, dict[str, float]], ready: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.folder, self.arrivals, self.ready = folder, arrivals, ready
        self.stop = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        session = open_session(self.folder, seed=False)
        seen: set[str] = set()
        try:
            current = sync.desk(session.db)
            assert current is not None
            password = (self.folder / sync.SECRET_FILE).read_text()
            with psycopg.connect(current.server, password=password, autocommit=True) as listen:
                listen.execute(f"LISTEN {NOTIFY_CHANNEL}")
                self.ready.wait()
                while not self.stop.is_set():
                    for _note in listen.notifies(timeout=0.5, stop_after=1):
                        pass
                    sync.sync(session)
                    now = time.perf_counter()
                    for (nick,) in session.db.execute("SELECT nick FROM customers WHERE nick LIKE 'bench-%'"):
                        if nick not in seen:
                            seen.add(nick)
                            self.arrivals.setdefault(nick, {})[str(self.folder)] = now
        except Exception as exc:  # a benchmark prints what went wrong and goes on
            self.errors.append(type(exc).__name__)
        finally:
            session.close()


def run(admin_url: str, desks: int, writes: int, offline_changes: int, root: Path) -> dict[str, Any]:
    server.setup(admin_url, "bench")
    folders = []
    started = time.perf_counter()
    for n in range(desks):
        url = sync.add_agent_as_admin(admin_url, f"客服{n}", str(n), False)
        folder = root / f"desk{n}"
        session = open_session(folder, seed=False)
        try:
            sync.join(session, url)
        finally:
            session.close()
        folders.append(folder)
    print(f"{desks} desks joined in {time.perf_counter() - started:.1f} s")

    arrivals: dict[str, dict[str, float]] = {}
    barrier = threading.Barrier(desks + 1)
    listeners = [Listener(folder, arrivals, barrier) for folder in folders]
    for listener in listeners:
        listener.start()
    barrier.wait()
    latencies: list[float] = []
    for k in range(writes):
        writer = folders[k % desks]
        session = open_session(writer, seed=False)
        try:
            nick = f"bench-{k}"
            written = time.perf_counter()
            CustomerService(session).add(nick, note="propagation")
            sync.sync(session)
        finally:
            session.close()
        deadline = time.monotonic() + 30
        while len(arrivals.get(nick, {})) < desks and time.monotonic() < deadline:
            time.sleep(0.005)
        latencies += [at - written for folder, at in arrivals.get(nick, {}).items() if folder != str(writer)]
        missing = desks - len(arrivals.get(nick, {}))
        if missing:
            print(f"write {k}: {missing} desks did not receive it within 30 s")
    for listener in listeners:
        listener.stop.set()
    for listener in listeners:
        listener.join(10)
    errors = sum(len(listener.errors) for listener in listeners)

    # a day offline: one desk misses M changes, then catches up
    offline, writer = folders[-1], folders[0]
    session = open_session(writer, seed=False)
    try:
        add_customers(session, ((f"day-{n}", "a day's work") for n in range(offline_changes)))
        pushed = time.perf_counter()
        sync.sync(session)
        push_seconds = time.perf_counter() - pushed
    finally:
        session.close()
    session = open_session(offline, seed=False)
    try:
        caught = time.perf_counter()
        result = sync.sync(session)
        catch_up = time.perf_counter() - caught
    finally:
        session.close()
    return {"latencies": latencies, "errors": errors, "push_seconds": push_seconds, "catch_up": catch_up,
            "pulled": result.pulled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--offline-changes", type=int, default=5000)
    parser.add_argument("--url", default=None, help="an admin URL of an empty database (else a throw-away cluster)")
    args = parser.parse_args()
    cluster = None
    url = args.url
    if url is None:
        from tests.team.pg_cluster import Cluster

        cluster = Cluster()
        cluster.start()
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        with tempfile.TemporaryDirectory(prefix="deskassist-team-bench-") as root:
            figures = run(url, args.desks, args.writes, args.offline_changes, Path(root))
    finally:
        if cluster is not None:
            cluster.destroy()
    lat = [1000 * x for x in figures["latencies"]]
    print(f"propagation to {args.desks - 1} other desks, {args.writes} writes ({len(lat)} arrivals): "
          f"p50 {statistics.median(lat):.0f} ms, p95 {_percentile(lat, 0.95):.0f} ms, max {max(lat):.0f} ms; "
          f"sync worker errors: {figures['errors']}")
    print(f"{args.offline_changes} changes: pushed from one desk in {figures['push_seconds']:.1f} s; "
          f"a desk offline meanwhile caught up in {figures['catch_up']:.1f} s ({figures['pulled']} records)")


if __name__ == "__main__":
    main()
