"""Typed ORM models. Named ``*Record`` so they never collide with domain values."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, MetaData, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fibrolearn.storage.types import ShapedJson, UtcDateTime

# Named constraints let Alembic's batch mode drop and recreate them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every FibroLearn table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: ShapedJson(dict),
        list[Any]: ShapedJson(list),
    }


class DeckRecord(Base):
    """A deck and its study options."""

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    description: Mapped[str] = mapped_column(default="")
    disclaimer: Mapped[str] = mapped_column(default="")
    synonyms: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    bundled_version: Mapped[int | None]
    new_per_day: Mapped[int] = mapped_column(default=20)
    reviews_per_day: Mapped[int] = mapped_column(default=200)
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    learning_steps: Mapped[list[Any]] = mapped_column(default=lambda: [60, 600])
    relearning_steps: Mapped[list[Any]] = mapped_column(default=lambda: [600])
    created_at: Mapped[datetime]


class FactorRecord(Base):
    """A topic of a deck's knowledge model."""

    __tablename__ = "factors"
    __table_args__ = (UniqueConstraint("deck_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    key: Mapped[str]
    name: Mapped[str]
    summary: Mapped[str] = mapped_column(default="")
    position: Mapped[int] = mapped_column(default=0)
    links: Mapped[list[Any]] = mapped_column(default=list)
    umbrella: Mapped[bool] = mapped_column(default=False, server_default=false())


class FactRecord(Base):
    """A fact a deck teaches."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("deck_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    key: Mapped[str]
    factor_key: Mapped[str]
    claim: Mapped[str]
    finding: Mapped[str] = mapped_column(default="")
    certainty: Mapped[str]  # as the source states it
    evidence_certainty: Mapped[str] = mapped_column(default="", server_default="")  # "": as stated
    explanation: Mapped[str] = mapped_column(default="")
    evidence: Mapped[str] = mapped_column(default="")
    references: Mapped[list[Any]] = mapped_column(default=list)
    related: Mapped[list[Any]] = mapped_column(default=list)
    retired: Mapped[bool] = mapped_column(default=False)


class NoteRecord(Base):
    """A note: the fields that one or more cards are rendered from."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("deck_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    key: Mapped[str]
    guid: Mapped[str | None] = mapped_column(unique=True)  # Anki's note id, kept across re-imports
    kind: Mapped[str]
    fields: Mapped[dict[str, Any]]
    fact_keys: Mapped[list[Any]] = mapped_column(default=list)
    tags: Mapped[str] = mapped_column(default="")
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    modified_at: Mapped[datetime]
    # Set for notes of kind "template" (imported Anki note types): their fields and templates.
    note_type_id: Mapped[int | None] = mapped_column(ForeignKey("note_types.id"))
    # For a basic, reversed or cloze note imported from Anki: the Anki note type it came from,
    # given back on export so that Anki updates the note instead of refusing it as conflicting.
    # Apart from note_type_id, which plain notes leave empty (search tells them by it).
    origin_type_id: Mapped[int | None] = mapped_column(ForeignKey("note_types.id"))
    # For a note from a deck file: that file's last version of it ({"fields", "tags"}), which
    # tells the learner's edits from the deck's when the deck is synced again.
    from_deck: Mapped[dict[str, Any] | None]


class NoteTextRecord(Base):
    """What a free-text search reads of a note: its field values and its tags as one text.

    Values and tags are joined by the unit separator (U+001F), which no search holds, so a
    word is found inside one of them, as in the note. Browse scans this narrow table instead of
    the notes (about half the pages, and no JSON to see through). Kept by triggers on
    ``notes`` (revision 0015), never written by the app. ``live_cards`` counts the note's
    cards that are not retired (triggers on ``cards``, revision 0016), so a search that only
    asks about notes counts its cards without reading them. ``letters`` (revision 0019) tells
    which texts a search must fold in Python. A migration that copies the notes
    or the cards table in batch mode must create their triggers again.
    """

    __tablename__ = "note_text"
    # The texts beyond ASCII, few in many collections: whether a search must fold any.
    __table_args__ = (
        Index("ix_note_text_letters", "letters", sqlite_where=sql_text("letters != 0")),
    )

    note_id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    live_cards: Mapped[int] = mapped_column(default=0, server_default="0")
    # 0: the text is all ASCII; 1: it holds other characters; 2: some of them fold into ASCII
    # (ß as "ss"). A search folds the case of a text in Python only where it can matter.
    letters: Mapped[int] = mapped_column(default=0, server_default="0")


class NoteImportRecord(Base):
    """The version an imported note (Anki package, CSV) was last imported as.

    A re-import merges against it to keep the learner's edits. It is kept apart from the note
    so that searching the notes table does not read it.
    """

    __tablename__ = "note_imports"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[dict[str, Any]]  # {"fields", "tags"}


class DeckNoteDeletionRecord(Base):
    """A note the learner deleted from a deck file's deck: a deck update must not add it again."""

    __tablename__ = "deck_note_deletions"

    deck_id: Mapped[int] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(primary_key=True)


class CardRecord(Base):
    """A card and its memory state."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("note_id", "ordinal"),
        # The due queue: per deck, by state, by due time; with the columns that hide a card
        # from the queue, so counting it never reads the table.
        Index("ix_cards_queue", "deck_id", "state", "due", "suspended", "retired", "buried_until"),
        # New cards are introduced in deck order.
        Index("ix_cards_new", "deck_id", "state", "position"),
        # The few retired cards, so a deck's others are counted without reading every entry.
        Index("ix_cards_retired", "deck_id", sqlite_where=sql_text("retired = 1")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    ordinal: Mapped[int]
    state: Mapped[int] = mapped_column(default=0)
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    suspended: Mapped[bool] = mapped_column(default=False)
    buried_until: Mapped[datetime | None]  # hidden from the queue until then
    retired: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)  # order of new cards


class ReviewRecord(Base):
    """One answer, with the card's state before and after; the log is append-only."""

    __tablename__ = "reviews"
    __table_args__ = (
        # Covering for the answers-by-hour counts of chosen cards (revision 0022).
        Index("ix_reviews_card", "card_id", "reviewed_at", "before_state", "early", "rating"),
        Index("ix_reviews_time", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for history imported from elsewhere about a card this collection does not have;
    # such rows name the card in ``external_card`` and count in statistics only.
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    external_card: Mapped[str | None]
    reviewed_at: Mapped[datetime]
    rating: Mapped[int]
    duration_ms: Mapped[int] = mapped_column(default=0)
    before_state: Mapped[int]
    before_step: Mapped[int | None]
    before_stability: Mapped[float | None]
    before_difficulty: Mapped[float | None]
    before_due: Mapped[datetime]
    before_last_review: Mapped[datetime | None]
    before_reps: Mapped[int]
    before_lapses: Mapped[int]
    after_state: Mapped[int]
    after_step: Mapped[int | None]
    after_stability: Mapped[float | None]
    after_difficulty: Mapped[float | None]
    after_due: Mapped[datetime]
    # History brought in from another app: counts in statistics, never taken back by undo.
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A review card answered before the study day it was due on (studying a factor or a
    # missed quiz question): left out of true retention (revision 0017).
    early: Mapped[bool] = mapped_column(default=False, server_default=false())


class CardResetRecord(Base):
    """A Forget (Anki's Reset): the card's answers before it no longer say what it remembers.

    Not an answer, so kept apart from ``reviews``: no statistic counts it. The optimizer
    starts a card's history after its latest reset, as Anki's FSRS does, and an Anki export
    writes it as Anki's reset entry (a Manual entry, type 4, with ease 0). Revision 0018.
    A deleted card's resets stay, detached as its answers are (revision 0020).
    """

    __tablename__ = "card_resets"
    __table_args__ = (
        Index("ix_card_resets_card", "card_id", "reset_at"),
        Index("ix_card_resets_external", "external_card", "reset_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the card is deleted; ``external_card`` then names it as its answers do.
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    external_card: Mapped[str | None]
    reset_at: Mapped[datetime]


class ReviewTallyRecord(Base):
    """The review log summed per 15 minutes of UTC time, for per-day statistics.

    Kept by triggers on ``reviews`` (revisions 0006, 0017), never written by the app: a migration
    that copies the reviews table in batch mode must create those triggers again.
    """

    __tablename__ = "review_tally"

    bucket: Mapped[int] = mapped_column(primary_key=True)  # unix seconds // 900
    reviews: Mapped[int]
    milliseconds: Mapped[int]
    review_cards: Mapped[int]  # answers to due cards in the review state (not early)
    review_passed: Mapped[int]  # of those, not rated Again


class SettingRecord(Base):
    """A collection-wide setting stored as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class QuizSessionRecord(Base):
    """One self-quiz sitting."""

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    mode: Mapped[str]  # "practice" (feedback after each question) or "test" (at the end)
    options: Mapped[dict[str, Any]]  # factors, kinds, length, time limit, seed
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    correct: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)


class QuizAnswerRecord(Base):
    """One answered quiz question, with the question as it was asked."""

    __tablename__ = "quiz_answers"
    __table_args__ = (Index("ix_quiz_answers_time", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str]
    question: Mapped[dict[str, Any]]  # the whole generated question, for review later
    response: Mapped[Any] = mapped_column(JSON)  # option index, list of indexes, or typed text
    correct: Mapped[bool]
    answered_at: Mapped[datetime]
    duration_ms: Mapped[int] = mapped_column(default=0)
    fact_keys: Mapped[list[Any]] = mapped_column(default=list)
    factor_keys: Mapped[list[Any]] = mapped_column(default=list)


class NoteTypeRecord(Base):
    """A note type brought in from Anki: named fields and the templates that make its cards."""

    __tablename__ = "note_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)  # "anki-<Anki's note type id>"
    name: Mapped[str]
    kind: Mapped[str]  # "standard" (one card per template) or "cloze" (one per deletion)
    fields: Mapped[list[Any]]  # field names, in order
    templates: Mapped[list[Any]]  # [{"name", "front", "back"}], in card-ordinal order
    css: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime]
    modified_at: Mapped[datetime]
