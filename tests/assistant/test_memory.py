"""The server process hands freed memory back to the system (glibc), by itself once it falls quiet."""

from __future__ import annotations

import asyncio
import ctypes
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from assistant.memory import IdleTrim, _libc, give_back, limit_arenas
from tests.fuzz.process import MB, rss

pytestmark = pytest.mark.skipif(_libc() is None, reason="glibc only")


@contextmanager
def freed_heap(megabytes: int = 120) -> Iterator[None]:
    """``megabytes`` of small C blocks allocated then freed, all but one block at the top of the heap, so the
    allocator keeps the pages until told to give them back."""
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(1000) for _ in range(megabytes * 1000)]
    for block in blocks:
        ctypes.memset(block, 1, 1000)
    for block in blocks[:-1]:
        libc.free(block)
    try:
        yield
    finally:
        libc.free(blocks[-1])


def test_freed_memory_is_given_back() -> None:
    with freed_heap():
        before = rss(os.getpid())
        assert give_back()
        after = rss(os.getpid())
    assert before - after > 60 * MB, f"{before / MB:.0f} MB -> {after / MB:.0f} MB"


def test_the_arenas_can_be_limited_and_zero_leaves_the_default() -> None:
    assert limit_arenas(8)
    assert not limit_arenas(0)


def test_the_idle_trim_gives_memory_back_once_the_process_falls_quiet() -> None:
    async def scenario() -> tuple[int, int, int]:
        trim = asyncio.create_task(IdleTrim(0.2).run())
        try:
            with freed_heap():
                ends = time.process_time() + 0.5
                while time.process_time() < ends:  # the process works ...
                    await asyncio.sleep(0)
                busy = rss(os.getpid())
                await asyncio.sleep(1.0)  # ... then falls quiet
                quiet = rss(os.getpid())
                await asyncio.sleep(0.6)
                return busy, quiet, rss(os.getpid())
        finally:
            trim.cancel()
            with suppress(asyncio.CancelledError):
                await trim

    busy, quiet, later = asyncio.run(scenario())
    assert busy - quiet > 60 * MB, f"{busy / MB:.0f} MB busy -> {quiet / MB:.0f} MB quiet"
    assert later <= quiet + 5 * MB
