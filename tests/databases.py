"""Helpers for tests on PostgreSQL and for things done at the same instant."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa


@contextmanager
def postgres_engines(count: int = 1, **options: Any) -> Iterator[list[sa.Engine]]:
    """``count`` engines on a fresh schema of the CI database, dropped afterwards.

    On CI (``COMPTOIR_TEST_POSTGRES_URL`` set by ``.ci/run``) an unreachable database fails the test;
    elsewhere the test is skipped and says why.
    """
    url = os.environ.get("COMPTOIR_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COMPTOIR_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    schema = f"comptoir_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engines = [
        sa.create_engine(url, connect_args={"options": f"-csearch_path={schema}"}, **options) for _ in range(count)
    ]
    try:
        yield engines
    finally:
        for engine in engines:
            engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; what each returned or raised, in order."""
    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(number: int) -> None:
        start.wait()
        try:
            outcomes[number] = calls[number]()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcomes[number] = exc

    threads = [threading.Thread(target=run, args=(number,)) for number in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@contextmanager
def postgres_url() -> Iterator[str]:
    """The URL of a fresh, empty schema of the CI database (search_path set in the URL), dropped afterwards."""
    with postgres_engines(1) as (engine,):
        with engine.connect() as connection:
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        yield f"{os.environ['COMPTOIR_TEST_POSTGRES_URL']}?options=-csearch_path%3D{schema}"


def redis_url() -> str:
    """The CI Redis (``COMPTOIR_TEST_REDIS_URL``, set by ``.ci/run``): a failure there fails; elsewhere a skip."""
    url = os.environ.get("COMPTOIR_TEST_REDIS_URL")
    if not url:
        pytest.skip("COMPTOIR_TEST_REDIS_URL is not set (.ci/run sets it)")
    return url
