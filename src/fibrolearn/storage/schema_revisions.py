"""The schema revision chain, in a module of its own so start-up can check it cheaply."""

from __future__ import annotations

# Oldest first. A test checks it against the scripts in migrations/.
REVISIONS = (
    "0001_core",
    "0002_knowledge",
    "0003_history_and_interop",
    "0004_quizzes",
    "0005_interop",
    "0006_review_tally",
    "0007_queue_covering_index",
    "0008_note_from_deck",
    "0009_note_imports",
    "0010_deck_note_deletions",
    "0011_evidence_certainty",
    "0012_umbrella_factors",
    "0013_deck_synonyms",
    "0014_note_origin_type",
    "0015_note_text",
    "0016_note_live_cards",
)
HEAD = REVISIONS[-1]
