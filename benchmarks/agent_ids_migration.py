"""How long m008 (agent names -> agent ids) takes on a big name-keyed database, and that nothing is lost.

    python -m benchmarks.agent_ids_migration [--rows N] [--agents N]

Builds a database at the schema before m008 with N memos, N customers (each with a group change), N phrase
uses, N/10 handover notes with an item and an acknowledgement each, spread over the given number of agent names,
then times the upgrade (open_database) and prints the counts per agent before and after.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from deskassist.storage.database import open_database
from deskassist.storage.migrations import migrations

AT = "2026-11-20 09:00:00"


def build(path: Path, rows: int, agents: int) -> None:
    db = open_database(path, migrate=False)
    migrations.apply(db, stop_before="m008_agent_ids")
    names = [f"客服{i:02d}" for i in range(agents)]
    conn = db.conn
    with conn:
        conn.execute("INSERT INTO categories (id, name) VALUES (1, '问候')")
        conn.executemany("INSERT INTO memos (agent, text, created, updated) VALUES (?, ?, ?, ?)",
                         ((names[i % agents], f"备忘 {i}", AT, AT) for i in range(rows)))
        conn.executemany("INSERT INTO customers (id, nick, nick_key, agent, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                         ((i + 1, f"buyer{i}", f"buyer{i}", names[i % agents], AT, AT) for i in range(rows)))
        conn.executemany("INSERT INTO group_changes (customer_id, new_group, agent, at) VALUES (?, 'inquiry', ?, ?)",
                         ((i + 1, names[i % agents], AT) for i in range(rows)))
        conn.executemany("INSERT INTO phrase_uses (category, agent, at) VALUES ('问候', ?, ?)",
                         ((names[i % agents], AT) for i in range(rows)))
        conn.executemany("INSERT INTO handover_notes (id, shift, shift_date, author, created) "
                         "VALUES (?, '白班', '2026-11-20', ?, ?)",
                         ((i + 1, names[i % agents], AT) for i in range(rows // 10)))
        conn.executemany("INSERT INTO handover_items (note_id, kind, text, done_at, done_by) "
                         "VALUES (?, 'chase', '催付', ?, ?)",
                         ((i + 1, AT, names[(i + 1) % agents]) for i in range(rows // 10)))
        conn.executemany("INSERT INTO handover_acks (note_id, agent, at) VALUES (?, ?, ?)",
                         ((i + 1, names[(i + 1) % agents], AT) for i in range(rows // 10)))
    db.close()


COUNTS = {
    "memos": ("SELECT agent, count(*) FROM memos GROUP BY 1",
              "SELECT a.name, count(*) FROM memos m JOIN agents a ON a.id = m.agent_id GROUP BY 1"),
    "group changes": ("SELECT agent, count(*) FROM group_changes GROUP BY 1",
                      "SELECT a.name, count(*) FROM group_changes g JOIN agents a ON a.id = g.agent_id GROUP BY 1"),
    "phrase uses": ("SELECT agent, count(*) FROM phrase_uses GROUP BY 1",
                    "SELECT a.name, count(*) FROM phrase_uses u JOIN agents a ON a.id = u.agent_id GROUP BY 1"),
    "handover acks": ("SELECT agent, count(*) FROM handover_acks GROUP BY 1",
                      "SELECT a.name, count(*) FROM handover_acks k JOIN agents a ON a.id = k.agent_id GROUP BY 1"),
    "handover authors": ("SELECT author, count(*) FROM handover_notes GROUP BY 1",
                         "SELECT a.name, count(*) FROM handover_notes n JOIN agents a ON a.id = n.author_id GROUP BY 1"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=12)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="deskassist-bench-")) / "deskassist.db"
    build(path, args.rows, args.agents)
    db = open_database(path, migrate=False)
    before = {what: dict(db.execute(old).fetchall()) for what, (old, _new) in COUNTS.items()}
    db.close()
    start = time.perf_counter()
    db = open_database(path)
    took = time.perf_counter() - start
    after = {what: dict(db.execute(new).fetchall()) for what, (_old, new) in COUNTS.items()}
    db.close()
    print(f"m008 on {args.rows} memos, customers, group changes, phrase uses and {args.rows // 10} handover notes "
          f"by {args.agents} agents: {took:.2f} s")
    for what in COUNTS:
        lost = sum(before[what].values()) - sum(after[what].values())
        print(f"  {what:17} before {sum(before[what].values()):7}  after {sum(after[what].values()):7}  "
              f"same per agent: {before[what] == after[what]}  lost: {lost}")


if __name__ == "__main__":
    main()
