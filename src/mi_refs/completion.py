"""``mi-refs completion bash|zsh|fish``: a shell completion script, generated from the
command line's own parser by shtab (docs/architecture.md says why shtab), so every command,
option and choice the parser knows completes, and nothing else.

Arguments that name files (``BIB``, ``DOC``, ``FILE``, ``LETTER``, ``LOCK``, ``OUT``)
complete file names, and ``DIR`` directory names. shtab is imported only when a script is
asked for.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from functools import partial
from typing import TextIO

__all__ = ["SHELLS", "add_completion_parser", "completion_script"]

SHELLS = ("bash", "zsh", "fish")
_FILES = frozenset({"BIB", "DOC", "FILE", "LETTER", "LOCK", "OUT"})
_DIRECTORIES = frozenset({"DIR"})


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action of the parser and of its subcommands' parsers."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                yield from _actions(subparser)


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell`` (one of :data:`SHELLS`)."""
    import shtab  # noqa: PLC0415 - only this command needs it

    if shell not in SHELLS:
        raise ValueError(f"no completion for {shell!r} (known: {', '.join(SHELLS)})")
    for action in _actions(parser):
        metavar = action.metavar if isinstance(action.metavar, str) else None
        if metavar in _FILES:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif metavar in _DIRECTORIES:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    script: str = shtab.complete(parser, shell=shell)
    return script if script.endswith("\n") else script + "\n"


def _completion(
    parser: Callable[[], argparse.ArgumentParser],
    args: argparse.Namespace,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    stdout.write(completion_script(parser(), args.shell))
    return 0


def add_completion_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parser: Callable[[], argparse.ArgumentParser],
) -> None:
    """``completion SHELL``; ``parser`` builds the whole command line's parser."""
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description="Print the completion script for a shell, generated from mi-refs's own "
        "arguments. bash: mi-refs completion bash > "
        "~/.local/share/bash-completion/completions/mi-refs; zsh: mi-refs completion zsh > "
        '"${fpath[1]}/_mi-refs"; fish: mi-refs completion fish > '
        "~/.config/fish/completions/mi-refs.fish",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell")
    completion.set_defaults(handler=partial(_completion, parser))
