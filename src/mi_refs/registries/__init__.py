"""The registries: PubMed (NCBI E-utilities) and Crossref. The only code that talks HTTP."""

from __future__ import annotations

from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = ["Notice", "NoticeKind", "RegistryRecord"]
