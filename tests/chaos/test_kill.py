"""Worker processes killed with ``kill -9`` under load (the long run, 30 cycles, is in ``make bench``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.chaos import kill_cycles
from tests.live import free_port
from tests.netguard import guarded_environment


@pytest.mark.slow
def test_killed_workers_lose_no_acknowledged_message_and_answer_none_twice(
    demo_index_dir: Path, tmp_path: Path
) -> None:
    redis = os.environ.get("COMPTOIR_TEST_REDIS_URL")
    if not redis:
        pytest.skip("set COMPTOIR_TEST_REDIS_URL: two workers pass hand-over events through Redis")
    data_dir = tmp_path / "data"
    shutil.copytree(demo_index_dir / "index", data_dir / "index")
    env = {
        **guarded_environment(str(tmp_path / "network-attempts.log")),
        "COMPTOIR_REDIS_URL": redis,
        "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "10000",
    }
    chaos = kill_cycles(data_dir, free_port(), env, cycles=4, shoppers=6, pause=3.0)
    assert chaos.cycles == 4
    assert len(chaos.acknowledged) >= 20, chaos.summary()
    assert chaos.lost == [], chaos.summary()
    assert chaos.twice == [], chaos.summary()
    assert not (tmp_path / "network-attempts.log").exists() or not (tmp_path / "network-attempts.log").read_text()
