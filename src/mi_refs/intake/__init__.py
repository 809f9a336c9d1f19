"""Bringing references into a .bib and correcting them: ``add`` (identifiers to entries),
``fix`` (a check's findings to edits), ``import`` and ``extract``; one report for all
(:mod:`mi_refs.intake.report`)."""
