"""The harness's PostgreSQL and Redis are real servers on 127.0.0.1 (tests/services.py)."""

from __future__ import annotations

import psycopg2
import pytest
import redis as redis_client


def test_postgres_takes_logins_with_its_password_only(postgres_server):
    db = postgres_server.create_database("harness_check")
    con = psycopg2.connect(host="127.0.0.1", port=postgres_server.port, user="airflow",
                           password=postgres_server.password, dbname=db)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT current_database(), inet_server_addr()::text")
            assert cur.fetchone() == (db, "127.0.0.1/32")
    finally:
        con.close()
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(host="127.0.0.1", port=postgres_server.port, user="airflow", password="wrong", dbname=db)


def test_redis_answers_and_persists_nothing(redis_server):
    client = redis_client.Redis.from_url(redis_server.url())
    assert client.ping()
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert client.config_get("save")["save"] == "" and client.config_get("appendonly")["appendonly"] == "no"
    assert client.config_get("bind")["bind"] == "127.0.0.1"
