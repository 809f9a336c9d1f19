"""What the command line shows on a terminal besides its result: a progress bar on
standard error while the registries are asked (steps done of all, elapsed time, time
left), removed before the report is printed, and nothing at all when standard error is
not a terminal (a CI log, a pipe). Drawn by rich, imported only when a bar is shown."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """A transient progress bar on ``stream``; a no-op unless ``stream`` is a terminal.

    ``update(message, done, total)`` moves it; ``say(message)`` changes only the text
    (a wait for a rate limit). Use it as a context manager: leaving it clears the line.
    """

    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        self._stream = stream
        self._enabled = enabled and _is_terminal(stream)
        self._progress: Any = None
        self._task: Any = None

    @property
    def shown(self) -> bool:
        return self._enabled

    def __enter__(self) -> ProgressBar:
        if not self._enabled:
            return self
        from rich.console import Console  # noqa: PLC0415 - only a terminal pays for rich
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(file=self._stream, force_terminal=True)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=True,  # the bar is gone before the report
        )
        self._progress.start()
        self._task = self._progress.add_task("checking", total=None)
        return self

    def update(self, message: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=message, completed=done, total=total)

    def say(self, message: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=message)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
