"""The app's sync loop: a change on another desk arrives through LISTEN/NOTIFY; offline and back."""

from __future__ import annotations

import queue
import threading

from deskassist.team.worker import SyncLoop, TeamState
from tests.team.conftest import Shop
from tests.team.helpers import js, ok
from tests.team.pg_cluster import Cluster


class Running:
    def __init__(self, folder) -> None:
        self.states: queue.Queue[TeamState] = queue.Queue()
        self.pulled: queue.Queue[dict[str, set[int]]] = queue.Queue()
        self.loop = SyncLoop(folder, self.states.put, self.pulled.put)
        self.thread = threading.Thread(target=self.loop.run)
        self.thread.start()

    def wait_state(self, connected: bool) -> TeamState:
        while True:
            state = self.states.get(timeout=30)
            if state.connected == connected:
                return state

    def close(self) -> None:
        self.loop.stop()
        self.thread.join(30)
        assert not self.thread.is_alive()


def test_a_change_made_on_another_desk_is_pulled_by_the_running_loop(shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    alice = shop.desk("alice", "小美")
    running = Running(alice)
    try:
        assert running.wait_state(connected=True).role == "agent"
        while not running.pulled.empty():
            running.pulled.get()
        ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "新品", "-b", "新品上架，欢迎选购")
        changed = running.pulled.get(timeout=30)  # woken by the notice, not the one-minute pull
        assert "phrases" in changed
    finally:
        running.close()
    assert any(p["title"] == "新品" for p in js(alice, "phrases", "list"))


def test_the_loop_goes_offline_with_the_server_and_catches_up_after(shop: Shop, pg_cluster: Cluster) -> None:
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    running = Running(alice)
    try:
        running.wait_state(connected=True)
        pg_cluster.stop()
        try:
            assert running.wait_state(connected=False).joined
        finally:
            pg_cluster.start()
        running.wait_state(connected=True)
        ok(bob, "customers", "add", "重连后的买家")
        while "customers" not in running.pulled.get(timeout=30):
            pass
    finally:
        running.close()
    assert js(alice, "customers", "show", "重连后的买家")["nick"] == "重连后的买家"
