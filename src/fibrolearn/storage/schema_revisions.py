"""The schema revision chain, in a module of its own so start-up can check it cheaply."""

from __future__ import annotations

import re

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
    "0017_early_reviews",
    "0018_card_resets",
    "0019_note_text_letters",
    "0020_kept_resets",
    "0021_retired_cards_index",
    "0022_review_hours_index",
)
HEAD = REVISIONS[-1]
# The shape every revision's name keeps, in this version and every later one (a test checks
# ours): a number one past the last, then words.
NAME = re.compile(r"([0-9]{4})_([a-z0-9]+(?:_[a-z0-9]+)*)")
_HEAD_NUMBER = int(HEAD.split("_", 1)[0])
_SHOWN = 40  # characters of a damaged name that a message quotes


def damaged_revision(revision: object) -> str | None:
    """Why a stored revision this version does not have cannot be a newer version's; else None.

    Numbers only grow, so a name of our shape numbered past :data:`HEAD` may be a newer
    version's, and is refused untouched (the safe mistake). Any other name is one a changed
    byte made (``0016_nate_live_cards``, ``0016_note_live_:ards``), or none was recorded.
    """
    if revision is None:
        return "it records no schema revision"
    match = NAME.fullmatch(revision) if isinstance(revision, str) else None
    if match is not None and int(match.group(1)) > _HEAD_NUMBER:
        return None
    shown = repr(revision)
    shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
    return f"its stored schema revision ({shown}) is not one any FibroLearn writes"
