"""Start ``mi-refs`` commands fast, for tests/test_docs_examples.py.

A command-line start costs about half a second (the interpreter, then mi-refs's imports);
the documentation's examples hold some sixty commands. So the ``mi-refs``,
``mi-refs-check-doc`` and ``mi-refs-pandoc`` that the examples' shell finds on its PATH are
small scripts (``python`` too) that hand their standard input, output and error, arguments, directory and
environment over a Unix socket to this launcher, which forks the test process (mi-refs
already imported) and runs the entry point of ``pyproject.toml``'s ``[project.scripts]``
there (for ``python``: the script it is given), in that directory, with that environment,
on those file descriptors. The script
exits with the entry point's status. The command runs the code it would run as installed;
only the interpreter's start is shared.

``skip_waits=True``: the registries' HTTP client does not wait between retries (its
``sleep`` is a no-op), so a closed port fails as it would on a machine without network,
without the seconds of backoff.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pkgutil
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENTRY_POINTS = {
    "mi-refs": ("mi_refs.cli", "run"),
    "mi-refs-check-doc": ("mi_refs.hooks", "check_doc"),
    "mi-refs-pandoc": ("mi_refs.pandoc.main", "run"),
}
SOCKET_VARIABLE = "DOC_EXAMPLES_LAUNCHER"

SCRIPT = """\
import json, os, socket, sys
conn = socket.socket(socket.AF_UNIX)
conn.connect(os.environ[{variable!r}])
message = json.dumps({{"name": {name!r}, "argv": sys.argv[1:], "cwd": os.getcwd(),
                      "env": dict(os.environ)}}).encode()
socket.send_fds(conn, [len(message).to_bytes(8, "little") + message], [0, 1, 2])
status = b""
while len(status) < 4:
    chunk = conn.recv(4 - len(status))
    if not chunk:
        sys.exit(70)
    status += chunk
sys.exit(int.from_bytes(status, "little"))
"""


def write_scripts(directory: Path) -> None:
    """The ``mi-refs`` commands and ``python``, as scripts that call the launcher."""
    for name in (*ENTRY_POINTS, "python", "python3"):
        path = directory / name
        body = SCRIPT.format(variable=SOCKET_VARIABLE, name=name)
        path.write_text(f"#!{sys.executable} -S\n{body}", encoding="utf-8")
        path.chmod(0o755)


class Launcher:
    def __init__(self, directory: Path) -> None:
        self.path = str(directory / "launcher.sock")
        self.entries: dict[str, Callable[[], Any]] = {}
        for name, (module, function) in ENTRY_POINTS.items():
            self.entries[name] = getattr(importlib.import_module(module), function)
        import mi_refs

        for module in pkgutil.walk_packages(mi_refs.__path__, "mi_refs."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)  # once here, not in every command
        self.server = socket.socket(socket.AF_UNIX)
        self.server.bind(self.path)
        self.server.listen(16)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def env(self) -> dict[str, str]:
        return {SOCKET_VARIABLE: self.path}

    def stop(self) -> None:
        self.server.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._launch, args=(conn,), daemon=True).start()

    def _launch(self, conn: socket.socket) -> None:
        with conn:
            data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
            while len(data) < 8 or len(data) < 8 + int.from_bytes(data[:8], "little"):
                chunk = conn.recv(1 << 16)
                if not chunk:
                    return
                data += chunk
            request = json.loads(data[8:])
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _child(conn, fds, request, self.entries.get(request["name"], _python))
            for fd in fds:
                os.close(fd)
            os.waitpid(pid, 0)


def _child(
    conn: socket.socket, fds: list[int], request: dict[str, Any], entry: Callable[[], Any]
) -> None:
    status = 70
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [request["name"], *request["argv"]]
        sys.stdin = io.TextIOWrapper(
            io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8"
        )
        sys.stdout = _writer(1, "strict")
        sys.stderr = _writer(2, "backslashreplace")
        if request["env"].get("DOC_EXAMPLES_SKIP_WAITS"):
            _skip_waits()
        try:
            result = entry()
        except SystemExit as exit_:
            result = exit_.code
        if result is None or isinstance(result, int):
            status = result or 0
        else:
            print(result, file=sys.stderr)
            status = 1
    except BaseException:  # reported on the command's standard error
        traceback.print_exc()
        status = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            conn.sendall(int(status).to_bytes(4, "little"))
        finally:
            os._exit(int(status) & 0xFF)


def _python() -> None:
    """``python -`` (a script on standard input) or ``python FILE ARGS``, in this process;
    anything else (``python -c``, ``-m``) is the interpreter itself, started by exec."""
    import runpy

    arguments = sys.argv[1:]
    if arguments[:1] == ["-"]:
        sys.argv, sys.path[0:0] = ["-", *arguments[1:]], [""]
        code = compile(sys.stdin.read(), "<stdin>", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    elif arguments and arguments[0].endswith(".py"):
        sys.argv, sys.path[0:0] = arguments, [str(Path(arguments[0]).resolve().parent)]
        runpy.run_path(arguments[0], run_name="__main__")
    else:
        os.execv(sys.executable, [sys.executable, *arguments])


def _writer(fd: int, errors: str) -> io.TextIOWrapper:
    raw = io.BufferedWriter(io.FileIO(fd, "w", closefd=False))
    return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, write_through=True)


def _skip_waits() -> None:
    """The HTTP client's retries do not wait (``sleep`` defaults of registries/http.py)."""
    import time

    from mi_refs.registries import http

    def no_wait(seconds: float) -> None:
        return None

    for value in vars(http).values():
        init = getattr(value, "__init__", None)
        if isinstance(value, type) and init is not None and hasattr(init, "__defaults__"):
            if init.__defaults__:
                init.__defaults__ = tuple(
                    no_wait if d is time.sleep else d for d in init.__defaults__
                )
            if init.__kwdefaults__:
                init.__kwdefaults__ = {
                    k: no_wait if d is time.sleep else d for k, d in init.__kwdefaults__.items()
                }
