"""The pandoc filter ``mi-refs-pandoc``: pandoc's AST in, mi-refs' numbering and placement
out (:mod:`mi_refs.pandoc.filter`; the console script is :mod:`mi_refs.pandoc.main`)."""
