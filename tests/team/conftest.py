"""Fixtures for team mode: one real PostgreSQL cluster per test run, a fresh shop database per test.

The cluster fixture FAILS when PostgreSQL cannot run: CI must not pass by skipping the team tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import psycopg
import pytest

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
