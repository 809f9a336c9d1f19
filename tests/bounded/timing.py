"""Time-growth assertions that do not flake: compare two input sizes in one process."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def seconds(run: Callable[[], object]) -> float:
    """The best of three runs' processor time: on a shared machine wall time grows with the
    other processes' load (these tests failed under a load average of 10), processor time
    with the work done. The garbage collector is run before and paused during each run, as
    ``timeit`` does: its passes over every object alive (the test's loaded bibliography
    among them) grew faster than the work and made a linear rule look superlinear (the
    duplicate rules: 7x the time for 4x the entries with it, 4.0x without)."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def assert_linear(
    make: Callable[[int], Callable[[], object]], small: int, bound: float = 2.0
) -> None:
    """Running on ``4 * small`` pieces costs at most about 4x (never 16x) running on
    ``small``: under ``max(10 * t_small, 0.1 s)``; and under ``bound`` seconds."""
    short = seconds(make(small))
    long = seconds(make(4 * small))
    assert long < bound, f"{4 * small} pieces took {long:.2f} s"
    assert long < max(10 * short, 0.1), f"{small}: {short:.3f} s; {4 * small}: {long:.3f} s"
