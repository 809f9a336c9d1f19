"""Checks of a bibliography: :func:`check_offline` needs no network (registry checks
live with the registry clients)."""

from __future__ import annotations

from mi_refs.checks.offline import check_offline

__all__ = ["check_offline"]
