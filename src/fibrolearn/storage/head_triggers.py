"""The triggers of a collection at the newest schema that nothing writes again, as digests.

SQLite compiles a trigger's body only when it fires, so a byte changed in one (a failing disk,
another program) passes every check at start and shows later, as "no such column:
exc1uded.milliseconds" on an answer. The migrations write the same text however a collection
reached the newest schema, so a trigger whose text differs was changed. A test compares these
with a collection made now: a migration that changes a trigger changes them too.

Browse's search-text triggers are not here: a changed one is not damage but needs a repair,
which writes them again (:mod:`fibrolearn.storage.note_text`), so it is told apart as such.
"""

from __future__ import annotations

import hashlib

HEAD_TRIGGERS = {
    "review_tally_delete": "ce17bb405488e44c",
    "review_tally_insert": "e96846661e535f2c",
    "review_tally_update": "ab7a239f3b2a61f1",
}


def trigger_digest(text: str) -> str:
    """The digest :data:`HEAD_TRIGGERS` holds for a trigger stored as ``text``."""
    return hashlib.blake2b(text.encode(errors="surrogateescape"), digest_size=8).hexdigest()


def changed_triggers(stored: dict[str, str]) -> list[str]:
    """Which of the ``stored`` triggers (name to text) differ from those at the newest schema.

    One that is missing is not counted here: no action fails for it.
    """
    return sorted(
        name
        for name, text in stored.items()
        if name in HEAD_TRIGGERS and trigger_digest(text) != HEAD_TRIGGERS[name]
    )
