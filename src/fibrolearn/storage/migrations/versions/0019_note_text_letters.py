"""Each note's searchable text also records which letters it holds, for case folding.

A Browse word search in plain A-Z letters compared with SQLite's LIKE, which folds only A-Z:
"strasse" did not find "Straße", nor "fiber" the "ﬁber" of text pasted from a PDF, though
"Straße" found "STRASSE". Folding every note's text in Python costs five times the scan (60
ms at 100,000 notes), so ``letters`` says which texts need it: 0 only ASCII (LIKE is right),
1 other characters too (which fold only to others beyond ASCII), 2 some whose case folds into
ASCII. A search in A-Z folds only the texts marked 2, one in other letters those marked 1 or
2, and ``nc:`` (accents off) those too. The triggers on notes that write the text now write
it too; pure SQL, so another program's writes keep it right. An index of the texts beyond
ASCII (few in many collections) tells a search at once whether it must fold any at all.

Revision ID: 0019_note_text_letters
Revises: 0018_card_resets
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_note_text_letters"
down_revision = "0018_card_resets"
branch_labels = None
depends_on = None

_TEXT = (
    "coalesce((SELECT group_concat(value, char(31)) FROM json_each({row}.fields)), '')"
    " || char(31) || {row}.tags"
)
_LIVE = "(SELECT count(*) FROM cards WHERE cards.note_id = {note} AND cards.retired IS 0)"
# ß, ẞ, İ, ŉ, ſ, ẚ, the Kelvin sign, the ligatures ﬀ-ﬆ, and two Greek marks that are ; and `.
_FOLDING_INTO_ASCII = (
    "\u00df\u1e9e\u0130\u0149\u017f\u1e9a\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
    "\u037e\u1fef"
)


def _letters(text: str) -> str:
    """What ``letters`` holds for ``text``: 0 only ASCII, 1 more, 2 some folding into ASCII."""
    return (
        f"CASE WHEN length({text}) = length(CAST({text} AS BLOB)) THEN 0 WHEN "
        + " OR ".join(f"instr({text}, '{letter}')" for letter in _FOLDING_INTO_ASCII)
        + " THEN 2 ELSE 1 END"
    )


_LIVE_CARDS = _LIVE.format(note="text_note")
_ROW = f"SELECT text_note, t, {_letters('t')} AS l, {_LIVE_CARDS} AS n" + " FROM ({source})"
_NEW = f"SELECT NEW.id AS text_note, {_TEXT.format(row='NEW')} AS t"
# What 0016's triggers wrote, and what they write from now on.
_OLD_WRITE = (
    "INSERT INTO note_text (note_id, text, live_cards)"
    f" VALUES (NEW.id, {_TEXT.format(row='NEW')}, {_LIVE.format(note='NEW.id')});"
)
_WRITE = f"INSERT INTO note_text (note_id, text, letters, live_cards) {_ROW.format(source=_NEW)};"


def _note_triggers(write: str) -> dict[str, str]:
    """The triggers on notes that write a note's searchable text with the statement ``write``."""
    return {
        "note_text_insert": (
            f"AFTER INSERT ON notes BEGIN DELETE FROM note_text WHERE note_id = NEW.id; {write} END"
        ),
        "note_text_update": (
            "AFTER UPDATE OF id, fields, tags ON notes BEGIN"
            f" DELETE FROM note_text WHERE note_id IN (OLD.id, NEW.id); {write} END"
        ),
    }


def upgrade() -> None:
    op.add_column(
        "note_text", sa.Column("letters", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(f"UPDATE note_text SET letters = {_letters('text')}")
    op.create_index(
        "ix_note_text_letters", "note_text", ["letters"], sqlite_where=sa.text("letters != 0")
    )
    _write_triggers(_note_triggers(_WRITE))


def downgrade() -> None:
    _write_triggers(_note_triggers(_OLD_WRITE))
    op.drop_index("ix_note_text_letters", "note_text")
    op.drop_column("note_text", "letters")


def _write_triggers(triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} {body}")
