"""An agent switch writes name and ID number together: a failure between the two leaves neither."""

from __future__ import annotations

import sqlite3

import pytest

from deskassist.services.agents import AgentService
from deskassist.services.data_folder import open_session


def test_a_switch_that_fails_half_way_leaves_the_previous_agent_whole(empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("小美", "1001")
    agents.add("小李", "2002")
    agents.switch("小美")
    for event in ("INSERT", "UPDATE"):  # the second write (the ID number) fails, as on a full disk
        empty_session.db.conn.execute(
            f"CREATE TEMP TRIGGER id_fails_{event} BEFORE {event} ON main.settings WHEN NEW.key = 'agent.id' "
            "BEGIN SELECT RAISE(ABORT, 'write failed'); END")
    with pytest.raises(sqlite3.IntegrityError):
        agents.switch("小李")
    assert (empty_session.settings.get("agent.name"), empty_session.settings.get("agent.id")) == ("小美", "1001")
    reopened = open_session(empty_session.data_dir, seed=False)
    try:
        assert (reopened.settings.get("agent.name"), reopened.settings.get("agent.id")) == ("小美", "1001")
    finally:
        reopened.close()
