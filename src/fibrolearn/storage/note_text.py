"""Each note's searchable text (the ``note_text`` table): whether it is right, and putting it right.

Triggers on ``notes`` keep it (migration 0015, whose SQL this repeats: a migration stays as it
was written, and this is what ``fibrolearn check --repair`` puts back). Only another program
that dropped or bypassed those triggers can leave it wrong; Browse word searches would then
miss the notes concerned.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# A note's field values and tags, joined by the unit separator (U+001F).
_TEXT = (
    "coalesce((SELECT group_concat(value, char(31)) FROM json_each({row}.fields)), '')"
    " || char(31) || {row}.tags"
)
_WRITE = f"INSERT INTO note_text (note_id, text) VALUES (NEW.id, {_TEXT.format(row='NEW')});"
TRIGGERS = {
    "note_text_insert": (
        f"AFTER INSERT ON notes BEGIN DELETE FROM note_text WHERE note_id = NEW.id; {_WRITE} END"
    ),
    "note_text_update": (
        "AFTER UPDATE OF id, fields, tags ON notes BEGIN"
        " DELETE FROM note_text WHERE note_id IN (OLD.id, NEW.id);"
        f" {_WRITE} END"
    ),
    "note_text_delete": (
        "AFTER DELETE ON notes BEGIN DELETE FROM note_text WHERE note_id = OLD.id; END"
    ),
}


@dataclass(frozen=True, slots=True)
class NoteTextState:
    """What is wrong with the search text; all zero and empty when it is right."""

    missing_triggers: tuple[str, ...]  # those that keep it up to date
    wrong_notes: int  # notes whose text is missing or differs from their fields and tags
    stray_rows: int  # texts of no note

    @property
    def right(self) -> bool:
        """Whether nothing is wrong."""
        return not (self.missing_triggers or self.wrong_notes or self.stray_rows)


def note_text_state(session: Session) -> NoteTextState:
    """Compare the search text with the notes, and look for its triggers."""
    present = set(
        session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
    )
    wrong, stray = session.execute(
        text(
            "SELECT (SELECT count(*) FROM notes LEFT JOIN note_text ON note_id = notes.id"
            f" WHERE note_text.text IS NOT {_TEXT.format(row='notes')}),"
            " (SELECT count(*) FROM note_text WHERE note_id NOT IN (SELECT id FROM notes))"
        )
    ).one()
    missing = tuple(name for name in TRIGGERS if name not in present)
    return NoteTextState(missing, int(wrong), int(stray))


def rebuild_note_texts(session: Session) -> int:
    """Put back any missing trigger, then write every note's text again; how many notes."""
    for name, body in TRIGGERS.items():
        session.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))
    session.execute(text("DELETE FROM note_text"))
    written = session.execute(
        text(
            "INSERT INTO note_text (note_id, text)"
            f" SELECT id, {_TEXT.format(row='notes')} FROM notes"
        )
    )
    return int(written.rowcount)
