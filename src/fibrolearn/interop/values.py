"""Plain values exchanged by the readers, the writers, the services and the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TypeAlias

from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState

# A file's size and modification time (in nanoseconds): another after a save.
FileVersion: TypeAlias = tuple[int, int]

# The note kind of notes rendered through an imported note type's own templates.
TEMPLATE_KIND = "template"


class SourceKind(StrEnum):
    """What kind of file is being imported, decided from its content."""

    ANKI = "anki"  # a zip holding an Anki collection: .apkg or .colpkg
    CSV = "csv"  # delimited text: CSV, TSV, Quizlet's export, Anki's "Notes in Plain Text"


class ColumnRole(StrEnum):
    """What a CSV column holds."""

    FRONT = "front"
    BACK = "back"
    TAGS = "tags"
    DECK = "deck"
    GUID = "guid"
    IGNORE = "ignore"


# What each role is called where a learner reads it: the Import window and its notices.
COLUMN_ROLE_NAMES = {
    ColumnRole.FRONT: "Front",
    ColumnRole.BACK: "Back",
    ColumnRole.TAGS: "Tags",
    ColumnRole.DECK: "Deck",
    ColumnRole.GUID: "Note id (guid)",
    ColumnRole.IGNORE: "Ignore",
}


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One card template of a note type, in Anki's template language."""

    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteTypeSpec:
    """A note type kept as Anki wrote it, for notes FibroLearn's own kinds cannot express.

    Attributes:
        key: Stable id ("anki-<Anki's note type id>") so a re-import updates it.
        name: As shown in Anki.
        kind: "standard" (one card per template) or "cloze" (one card per deletion number).
        fields: Field names in order.
        templates: Card templates in ordinal order (a cloze type has one).
        css: The note type's styling, kept for export.
    """

    key: str
    name: str
    kind: str
    fields: tuple[str, ...]
    templates: tuple[TemplateSpec, ...]
    css: str = ""


# The records an import makes for every note, card and answer left without a card are named
# tuples: a frozen dataclass took about 2.3 µs to build, a named tuple 0.5 µs.
class PlannedCard(NamedTuple):
    """A card to create (or to update, when its note already exists).

    Attributes:
        ordinal: Which card of the note (template ordinal, or cloze number for cloze notes).
        deck: Name of the deck it goes to.
        suspended: Kept out of study until unsuspended.
        buried: Kept out of study until the next study day.
        new_order: Sorts new cards as the source did.
        state: Its memory state; None when scheduling is not imported (it starts new).
        memory_estimated: Stability and difficulty were estimated from the SM-2 interval and
            ease; the service replaces them by replaying ``history`` when there is one.
        history: Its answers, oldest first (only when history is imported).
        resets: When it was reset (made new again), oldest first (with history only).
        source: The card in the file ("anki:1700000000000"), as the review history names it
            while the collection has no card for it (an import that left the card out).
    """

    ordinal: int
    deck: str
    suspended: bool = False
    buried: bool = False
    new_order: int = 0
    state: MemoryState | None = None
    memory_estimated: bool = False
    history: tuple[LoggedAnswer, ...] = ()
    source: str = ""
    resets: tuple[datetime, ...] = ()


class PlannedNote(NamedTuple):
    """A note to add, or to update when one with the same guid (or key) exists.

    Attributes:
        where: Where it came from, for messages ("Anki note 1700000000000", "row 12").
        key: Key inside its deck.
        guid: Anki's note guid, matched on re-import; None for CSV rows without one.
        kind: "basic", "reversed", "cloze" or "template".
        fields: {front, back, text, extra} for FibroLearn's kinds; field name -> HTML for
            template notes.
        tags: Free tags.
        deck: Name of the note's deck (that of its first card).
        note_type_key: The :class:`NoteTypeSpec` of a template note.
        cards: Its cards.
        origin_type_key: For a note of FibroLearn's own kinds from Anki: the
            :class:`NoteTypeSpec` it had there, which an export to Anki gives it back.
    """

    where: str
    key: str
    guid: str | None
    kind: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    deck: str
    note_type_key: str | None = None
    cards: tuple[PlannedCard, ...] = ()
    origin_type_key: str | None = None


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A media file to bring in, under a name that is safe on every platform.

    Attributes:
        name: The safe name it will have in the media folder.
        original: Its name in the package.
        size: Its size in bytes as the package declares it.
        save: Writes its content to the given path, enforcing the size limits.
    """

    name: str
    original: str
    size: int
    save: Callable[[Path], None] = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something left out of an import, and why."""

    where: str
    reason: str


class OrphanReview(NamedTuple):
    """History about a card the package no longer has; kept for statistics only."""

    external_card: str
    review: LoggedAnswer


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Everything an import would write, worked out before anything is written.

    ``from_text_file`` says the notes come from a text file's lines, which name a note type
    without its templates (a line never changes a note's type).
    """

    source_label: str
    notes: tuple[PlannedNote, ...] = ()
    note_types: tuple[NoteTypeSpec, ...] = ()
    media: tuple[MediaFile, ...] = ()
    orphan_reviews: tuple[OrphanReview, ...] = ()
    # Resets (Forget) of those cards, (outside card, when): the optimizer starts after them.
    orphan_resets: tuple[tuple[str, datetime], ...] = ()
    skipped: tuple[Skipped, ...] = ()
    problems: tuple[str, ...] = ()
    from_text_file: bool = False
    answers_in_file: int | None = None  # a package's answers, kept or not; None: text holds none
    read_as: FileVersion | None = None  # the version of the file the plan was read from


@dataclass(frozen=True, slots=True)
class CsvSettings:
    """How to read a delimited text file.

    Attributes:
        delimiter: What separates the fields. One character in rows that are lines is read as
            CSV (quotes honoured); longer text, such as Quizlet's " - ", or any delimiter in
            rows separated otherwise, splits each row at its first occurrence, quotes kept as
            text (Quizlet writes a term and a definition, and never quotes).
        has_header: Whether the first row names the columns.
        html: Fields are HTML; otherwise plain text, escaped on import.
        columns: The role of each column, left to right; missing columns are ignored.
        row_separator: What separates the rows: a line feed stands for a line break of any
            kind; any other text, such as the semicolon Quizlet writes between rows when asked
            to, separates rows whose line breaks are kept as text.
    """

    delimiter: str
    has_header: bool
    html: bool
    columns: tuple[ColumnRole, ...]
    row_separator: str = "\n"


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """What was detected in a delimited text file, to propose settings and show a sample."""

    settings: CsvSettings
    encoding: str
    column_count: int
    header: tuple[str, ...]
    sample: tuple[tuple[str, ...], ...]
    notices: tuple[str, ...] = ()
    # Some line may hold several rows (or the rows are not lines): offer the row separator.
    rows_may_be_joined: bool = False


@dataclass(frozen=True, slots=True)
class ImportSource:
    """A file about to be imported: its kind, a description, and for CSV the detected layout."""

    path: Path
    kind: SourceKind
    label: str
    csv: CsvLayout | None = None


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices made before importing.

    Attributes:
        deck: Put every card in this deck (created when missing). None keeps the package's
            decks; for CSV without a deck column, the file's name is used.
        with_history: Keep review history and scheduling (Anki only); otherwise cards start new.
        csv: How to read a CSV/TSV file; None uses what was detected.
        read_as: The version of the file the preview was read from: a file changed since is
            refused, as what it holds now was never shown. None imports it as it is.
    """

    deck: str | None = None
    with_history: bool = False
    csv: CsvSettings | None = None
    read_as: FileVersion | None = None


@dataclass(frozen=True, slots=True)
class PreviewCard:
    """A card as the preview lists it: both sides as plain text."""

    deck: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import would do, shown before anything is written."""

    source_label: str
    notes: int
    cards: int
    reviews: int  # the answers the import would keep
    answers_in_file: int | None  # those the file holds, kept or not; None for a text file
    keeps_history: bool  # the preview is of an import keeping review history and scheduling
    media_files: int
    decks: tuple[str, ...]
    new_notes: int
    existing_notes: int
    first_cards: tuple[PreviewCard, ...]
    skipped: tuple[Skipped, ...]
    problems: tuple[str, ...]
    read_as: FileVersion | None = None  # the version of the file previewed


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    source_label: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cards_added: int = 0
    reviews_added: int = 0
    kept_edits: int = 0  # updated notes keeping the learner's words where the import changed them
    lost_edits: int = 0  # notes whose edited fields gave way to the file's (see interop.reshape)
    media_added: int = 0
    media_renamed: int = 0
    decks_created: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    problems: tuple[str, ...] = ()


# The endings Anki opens each export format by, for the export dialog and command: it reads
# .csv, .tsv and .txt alike as text. The first is the one a file is given.
EXPORT_ENDINGS = {"apkg": (".apkg",), "csv": (".txt", ".csv", ".tsv")}


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    notes: int
    cards: int
    reviews: int
    media_files: int
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportCard:
    """A card to export with its scheduling and, when wanted, its history.

    ``buried_until``: kept out of study until then (past for a bury that is over).
    """

    ordinal: int
    deck: str
    state: MemoryState
    suspended: bool
    position: int
    reviews: tuple[LoggedAnswer, ...] = ()
    buried_until: datetime | None = None
    resets: tuple[datetime, ...] = ()  # when Forget made it new again


@dataclass(frozen=True, slots=True)
class ExportNote:
    """A note to export; FibroLearn's own kinds hold plain text, template notes HTML.

    ``origin_type_key``: the Anki note type a note of FibroLearn's own kinds was imported with.
    """

    guid: str
    kind: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    deck: str
    modified: datetime
    note_type_key: str | None = None
    cards: tuple[ExportCard, ...] = ()
    origin_type_key: str | None = None
