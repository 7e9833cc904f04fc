"""A shop that takes its customers' signed tokens: the ``runtime`` and ``client`` fixtures of the test modules
about known customers (import both), and the secret the shop and Comptoir share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.config import CustomerSettings
from assistant.runtime import Runtime, build_runtime
from tests.app import app_client
from tests.conftest import make_settings

SECRET = "a-secret-the-shop-and-comptoir-share"


@pytest.fixture
def runtime(demo_data_dir: Any, embeddings: Any, detector: Any) -> Runtime:
    settings = make_settings(demo_data_dir, customers=CustomerSettings(token_secret=SecretStr(SECRET)))
    return build_runtime(settings, embeddings, detector)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with app_client(runtime) as client:
        yield client
