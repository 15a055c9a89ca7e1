"""Each note's searchable text (the ``note_text`` table): whether it is right, and putting it right.

Triggers on ``notes`` keep it (migration 0015, whose SQL this repeats: a migration stays as it
was written). Only a change made outside FibroLearn with those triggers missing or bypassed
can leave it wrong; Browse word searches would then miss the notes concerned.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# A note's field values and tags, joined by the unit separator (U+001F).
_TEXT = (
    "coalesce((SELECT group_concat(value, char(31)) FROM json_each(notes.fields)), '')"
    " || char(31) || notes.tags"
)


def wrong_note_texts(session: Session) -> int:
    """How many notes have a missing or outdated text, plus texts left without a note."""
    wrong = session.execute(
        text(
            "SELECT (SELECT count(*) FROM notes LEFT JOIN note_text ON note_id = notes.id"
            f" WHERE note_text.text IS NOT {_TEXT})"
            " + (SELECT count(*) FROM note_text WHERE note_id NOT IN (SELECT id FROM notes))"
        )
    ).scalar_one()
    return int(wrong)


def rebuild_note_texts(session: Session) -> int:
    """Write every note's text again from its fields and tags; returns how many notes."""
    session.execute(text("DELETE FROM note_text"))
    written = session.execute(
        text(f"INSERT INTO note_text (note_id, text) SELECT id, {_TEXT} FROM notes")
    )
    return int(written.rowcount)
