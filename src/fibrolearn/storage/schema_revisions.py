"""The schema revision chain, in a module of its own so start-up can check it cheaply."""

from __future__ import annotations

import re

# Oldest first. A test checks it against the scripts in migrations/. Each name is a number one
# past the last, then words: a later FibroLearn only adds higher numbers.
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
NAME = re.compile(r"(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)")
_WORDS = frozenset(revision[5:] for revision in REVISIONS)  # each name past "NNNN_"


def is_later(revision: object) -> bool:
    """Whether ``revision``, which this version does not have, may be a newer FibroLearn's.

    Only a name shaped like ours, numbered past :data:`HEAD` and named unlike any of ours
    may be; anything else is a stored name that was damaged (a changed byte turns
    ``0016_note_live_cards`` into ``0016_nate_live_cards`` or ``0026_note_live_cards``), not
    one a newer version wrote.
    """
    match = NAME.fullmatch(revision) if isinstance(revision, str) else None
    return (
        match is not None and int(match.group(1)) > int(HEAD[:4]) and match.group(2) not in _WORDS
    )
