"""Checking references: the orchestration (:mod:`.run`), offline checks
(:mod:`.offline`), the pure comparison with registry records (:mod:`.compare`),
findings (:mod:`.findings`), reports (:mod:`.report`) and NLM journal data
(:mod:`.journals`)."""
