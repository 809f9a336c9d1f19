"""Bounded readers (issue 22, Build item 6): each pathological input of the issue, as a
test that failed (too slow, too big, or an internal error) before the fix."""
