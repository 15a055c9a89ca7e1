"""Each note's searchable text also holds how many live (not retired) cards the note has.

A Browse word search counted the cards it found by joining every card to its note's text:
at 100,000 cards, 15 ms of a 22 ms search for a word in one note in seven. Summing the notes'
card counts over the matching texts alone takes half that. Triggers on ``cards`` keep the
count; the triggers on ``notes`` that write the text now write it too. A later batch-mode
migration that copies ``cards`` or ``notes`` drops their triggers and must create them again.

A trigger on notes that another program dropped is not needed here (``fibrolearn check
--repair`` puts the full set back), so its absence does not stop the upgrade.

A new card adds one to its note's count (counting the note's cards again instead made a 10,000-
note import 10 % slower); a changed or deleted card has its note's cards counted again. A
REPLACE of a card deletes the old row without firing delete triggers, so it would leave the
count one too high: FibroLearn never writes one, and ``fibrolearn check`` finds it.

Revision ID: 0016_note_live_cards
Revises: 0015_note_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_note_live_cards"
down_revision = "0015_note_text"
branch_labels = None
depends_on = None

_TEXT = (
    "coalesce((SELECT group_concat(value, char(31)) FROM json_each({row}.fields)), '')"
    " || char(31) || {row}.tags"
)
_LIVE = "(SELECT count(*) FROM cards WHERE cards.note_id = {note} AND cards.retired IS 0)"
# What 0015's triggers wrote, and what they write from now on.
_OLD_WRITE = f"INSERT INTO note_text (note_id, text) VALUES (NEW.id, {_TEXT.format(row='NEW')});"
_WRITE = (
    "INSERT INTO note_text (note_id, text, live_cards)"
    f" VALUES (NEW.id, {_TEXT.format(row='NEW')}, {_LIVE.format(note='NEW.id')});"
)
_RECOUNT = "UPDATE note_text SET live_cards = {live} WHERE note_id IN ({{notes}});".format(
    live=_LIVE.format(note="note_text.note_id")
)


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


_CARD_TRIGGERS = {
    "note_text_cards_insert": (
        "AFTER INSERT ON cards WHEN NEW.retired IS 0 BEGIN UPDATE note_text"
        " SET live_cards = live_cards + 1 WHERE note_id = NEW.note_id; END"
    ),
    "note_text_cards_update": (
        "AFTER UPDATE OF note_id, retired ON cards BEGIN"
        f" {_RECOUNT.format(notes='OLD.note_id, NEW.note_id')} END"
    ),
    "note_text_cards_delete": (
        f"AFTER DELETE ON cards BEGIN {_RECOUNT.format(notes='OLD.note_id')} END"
    ),
}


def upgrade() -> None:
    op.add_column(
        "note_text", sa.Column("live_cards", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(f"UPDATE note_text SET live_cards = {_LIVE.format(note='note_text.note_id')}")
    for name in _note_triggers(_OLD_WRITE):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name, body in {**_note_triggers(_WRITE), **_CARD_TRIGGERS}.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in {**_note_triggers(_WRITE), **_CARD_TRIGGERS}:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name, body in _note_triggers(_OLD_WRITE).items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.drop_column("note_text", "live_cards")
