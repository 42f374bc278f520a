"""Fixtures for team mode: one real PostgreSQL cluster per test run, a fresh shop database per test.

The cluster fixture FAILS when PostgreSQL cannot run: CI must not pass by skipping the team tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.team.helpers import join_url, ok
from tests.team.pg_cluster import Cluster, ClusterUnavailable

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = Cluster()
        cluster.start()
    except ClusterUnavailable as exc:
        pytest.fail(f"team tests need a real PostgreSQL: {exc}", pytrace=False)
    yield cluster
    cluster.destroy()


@pytest.fixture
def shop_db(pg_cluster: Cluster) -> str:
    """The admin's URL of a new, empty database (a shop's server)."""
    name = f"shop{next(_database_numbers)}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_cluster.url(name)


class Shop:
    """A set-up shop server with logins, and desks (data folders) joined to it."""

    def __init__(self, admin_url: str, root: Path) -> None:
        self.admin_url = admin_url
        self.root = root
        self.urls: dict[str, str] = {}

    def agent(self, name: str, supervisor: bool = False) -> str:
        args = ["team", "add-agent", name, "--url", self.admin_url] + (["--supervisor"] if supervisor else [])
        self.urls[name] = join_url(ok(self.root / "admin", *args))
        return self.urls[name]

    def desk(self, label: str, agent: str) -> Path:
        folder = self.root / label
        ok(folder, "team", "join", self.urls[agent])
        return folder


@pytest.fixture
def shop(shop_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shop:
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    ok(tmp_path / "admin", "team", "setup", shop_db, "--shop", "小美的服装店")
    made = Shop(shop_db, tmp_path)
    made.agent("主管", supervisor=True)
    made.agent("小美")
    made.agent("阿强")
    return made
