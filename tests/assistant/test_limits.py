"""The per-key window limiter behind the limits on new conversations."""

from __future__ import annotations

from assistant.limits import WindowLimiter


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_in_a_window_then_waits_for_the_oldest_to_leave_it() -> None:
    clock = Clock()
    limiter = WindowLimiter(3, 60.0, clock=clock)
    for _ in range(3):
        assert limiter.hit("10.0.0.1") == 0.0
        clock.now += 10  # at 1000, 1010, 1020
    assert limiter.hit("10.0.0.1") == 30.0  # at 1030: the first leaves the window at 1060
    assert limiter.hit("10.0.0.2") == 0.0  # another address is counted apart
    clock.now = 1060
    assert limiter.hit("10.0.0.1") == 0.0
    assert limiter.hit("10.0.0.1") == 10.0  # 1010 and 1020 are still in the window, with 1060


def test_refused_events_are_not_counted_and_memory_is_bounded() -> None:
    clock = Clock()
    limiter = WindowLimiter(2, 10.0, max_keys=100, clock=clock)
    for _ in range(1000):
        limiter.hit("one")
    clock.now += 10
    assert limiter.hit("one") == 0.0  # a thousand refusals did not push the window on
    for number in range(10_000):
        limiter.hit(f"address-{number}")
    assert len(limiter._events) == 100
