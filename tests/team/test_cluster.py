"""The test cluster itself: real server, password logins, survives a restart."""

from __future__ import annotations

import psycopg

from tests.team.pg_cluster import Cluster


def test_admin_connects_with_password_and_server_restarts(pg_cluster: Cluster, shop_db: str) -> None:
    with psycopg.connect(shop_db) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("postgres",)
    pg_cluster.restart()
    with psycopg.connect(shop_db) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_wrong_password_is_refused(pg_cluster: Cluster) -> None:
    try:
        psycopg.connect(pg_cluster.url(password="wrong")).close()
    except psycopg.OperationalError as exc:
        assert "password authentication failed" in str(exc)
    else:
        raise AssertionError("a wrong password was accepted")
