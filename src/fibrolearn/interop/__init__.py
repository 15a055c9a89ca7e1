"""Moving cards in and out: Anki packages (.apkg, .colpkg) and CSV/TSV files; no Qt, no SQL.

Readers here turn a foreign file into an :class:`~fibrolearn.interop.values.ImportPlan` of plain
values; writers turn plain values into files. The services own the transaction around them.
"""
