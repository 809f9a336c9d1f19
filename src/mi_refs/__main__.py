"""``python -m mi_refs``: the same as the ``mi-refs`` command."""

from mi_refs.cli import run

run()
