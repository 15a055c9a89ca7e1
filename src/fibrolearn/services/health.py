"""Health of an open collection, for ``fibrolearn check`` and Tools ▸ Check collection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.html_text import html_to_text
from fibrolearn.domain.progress import Cancelled, NoProgress, Progress, StopWith
from fibrolearn.domain.words import counted
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.preview import render_fields
from fibrolearn.interop.values import TEMPLATE_KIND, NoteTypeSpec
from fibrolearn.services.settings_check import reset_unreadable_settings, unreadable_settings
from fibrolearn.storage import health, note_text, note_types_repo
from fibrolearn.storage.damaged_data import changed_definitions, damage_in
from fibrolearn.storage.db import Database
from fibrolearn.storage.health import CardToShow
from fibrolearn.storage.migrate import HEAD
from fibrolearn.storage.schema_revisions import REVISIONS, damaged_revision

_NOTE_KINDS = (*NoteKind, TEMPLATE_KIND)  # every kind a note may have
_CARDS_NAMED = 5  # cards a problem names before "and N more"
_WORDS_SHOWN = 40  # characters of a note's text that name it
_SQLITE_NAMED = 3  # lines of SQLite's own report a problem quotes before "and N more"
_CARDS_PER_CANCEL = 1000  # cards tried between chances to cancel
# What a full check reads, in order: its progress counts these steps, and the app names them.
CHECK_STEPS = (
    "the file",
    "the tables' definitions and stored values",
    "every card",
    "Browse's search text",
)


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The result of a full check.

    Each problem says what is wrong; what to do about the kinds below is left to the caller,
    which knows whether there is a button or a command for it.
    """

    revision: str | None
    expected_revision: str
    problems: tuple[str, ...]
    restorable: bool = False  # some problem is damage, which a backup made before it undoes
    search_text_wrong: bool = False  # which ``repair`` writes again
    settings_unreadable: int = 0  # settings ``repair`` sets back to their defaults

    @property
    def ok(self) -> bool:
        """Healthy and at the schema this version expects."""
        return not self.problems and self.revision == self.expected_revision

    @property
    def repairable(self) -> bool:
        """Whether :func:`repair` puts some problem right, losing nothing the learner made."""
        return self.search_text_wrong or self.settings_unreadable > 0


def check_health(
    database: Database, progress: Progress | None = None, stop_with: StopWith | None = None
) -> HealthReport:
    """Run SQLite's integrity and foreign-key checks, read the schema revision, try each card.

    Every card study may show is rendered, once the file itself is sound and at this
    version's schema: one its note no longer makes would stop a study session. ``progress``
    hears of each of :data:`CHECK_STEPS` as it begins, and may cancel at each report (the
    check only reads); ``stop_with`` is handed a way to stop SQLite's own check of the file,
    the first step and about half of the time, while it runs.
    """
    progress = progress or NoProgress()
    steps = len(CHECK_STEPS)
    progress.advance(0, steps)
    revision: str | None = None
    damage: list[str] = []  # what the collection holds that only a backup undoes
    others: list[str] = []
    search_texts: list[str] = []
    settings: dict[str, str] = {}
    try:
        revision = health.schema_revision(database)
        if revision != HEAD:
            _revision_problem(revision, damage, others)
        damage += _file_damage(health.integrity_problems(database, stop_with=stop_with))
        if not damage and revision == HEAD:
            progress.advance(1, steps)
            # What shows only when it is met: a changed trigger fires on an answer or an edit,
            # a value of no known kind stops the card it belongs to.
            changed = changed_definitions(database.path)
            damage += [] if changed is None else [_damage_problem(changed)]
            with database.read() as session:
                unknown = health.values_of_no_known_kind(session, _NOTE_KINDS)
                unreadable = health.unreadable_options_and_references(session)
                unreadable += health.unreadable_stored_numbers(session)
                unreadable += health.unreadable_stored_times(session)
                unreadable += health.unreadable_quizzes(session)
                settings = unreadable_settings(session)
                too_high = health.ids_never_given(session)
            if unreadable:  # read only when studying, not when cards are shown below
                damage.append(_damage_problem(f"unreadable values: {', '.join(unreadable)}"))
            if too_high:  # an import says so too, when it finds no room for new ids
                damage.append(
                    f"The collection holds ids FibroLearn never gives ({', '.join(too_high)}): "
                    "a failing disk or another program wrote them, and an import may find no "
                    "room for new ids after them."
                )
            progress.advance(2, steps)
            if unknown:  # the cards holding them are not shown, so they are named only here
                damage.append(_damage_problem(f"values of no known kind in {', '.join(unknown)}"))
            else:
                others += _unshowable_cards(database, lambda: progress.advance(2, steps))
            progress.advance(3, steps)
            search_texts = _wrong_search_texts(database)
    except Cancelled:
        raise
    except Exception as error:  # SQLAlchemy's errors too, which wrap the driver's
        # Reading the notes and cards, the check meets damage SQLite's own check cannot see
        # (text that is not UTF-8, JSON that does not parse, a changed table definition),
        # and stops there.
        met = damage_in(database.path, error)
        if met is None:
            raise
        if _damage_problem(met) not in damage:  # the definitions' check named it
            damage.append(_damage_problem(met))
    progress.advance(steps, steps)
    return HealthReport(
        revision=revision,
        expected_revision=HEAD,
        problems=(*damage, *_settings_problem(settings), *others, *search_texts),
        restorable=bool(damage),
        search_text_wrong=bool(search_texts),
        settings_unreadable=len(settings),
    )


def repair_words(report: HealthReport) -> str:
    """What :func:`repair` does for ``report``'s problems, as a sentence's rest after "Repair"."""
    done = []
    if report.search_text_wrong:
        done.append("writes Browse's search text again from your notes")
    settings = report.settings_unreadable
    if settings:
        which = "the setting" if settings == 1 else f"the {settings} settings"
        done.append(f"sets {which} it cannot read back to {_defaults(settings)}")
    kept = "no card or review changes" if settings else "nothing you made changes"
    return f"{' and '.join(done)}; {kept}"


def _settings_problem(settings: dict[str, str]) -> list[str]:
    if not settings:
        return []
    them = "it" if len(settings) == 1 else "them"
    return [
        f"FibroLearn cannot read {counted(len(settings), 'setting')} of the collection "
        f"({'; '.join(settings.values())}): what reads {them} stops. Repair sets {them} back "
        f"to {_defaults(len(settings))}; no card or review is touched."
    ]


def _defaults(settings: int) -> str:
    """What ``settings`` settings go back to: "its default" or "their defaults"."""
    return "its default" if settings == 1 else "their defaults"


def _damage_problem(damage: str) -> str:
    return f"The collection holds {damage}, so some of it cannot be shown or studied."


def _revision_problem(revision: str | None, damage: list[str], others: list[str]) -> None:
    """Add what a schema revision other than this version's means, to ``damage`` or ``others``.

    The collection was at this version's when it opened: another program changed it since.
    """
    why = None if revision in REVISIONS else damaged_revision(revision)
    if why is not None:  # no revision, or a name no FibroLearn writes
        damage.append(
            f"The collection is damaged: {why}, so FibroLearn cannot tell which version wrote it."
        )
        return
    others.append(
        f"The collection's schema revision ({revision}) is not the one this version writes "
        f"({HEAD}): another copy of FibroLearn changed it while this one had it open. Close "
        "FibroLearn and open it again."
    )


def _file_damage(rows: list[str]) -> list[str]:
    """SQLite's own report of damage to the file, as one problem quoting its first lines."""
    # Damage to the file's pages comes as one row of many lines, under a header line.
    report = [
        line
        for row in rows
        for line in row.splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    if not report:
        return []
    quoted = "; ".join(report[:_SQLITE_NAMED])
    if len(report) > _SQLITE_NAMED:
        quoted += f"; and {len(report) - _SQLITE_NAMED:,} more"
    found = counted(len(report), "problem")
    return [
        f"The collection's file is damaged: SQLite's own check found {found} ({quoted}), so "
        "some of it cannot be shown or studied."
    ]


@dataclass(frozen=True, slots=True)
class Repaired:
    """What :func:`repair` did: notes whose search text it wrote, settings it set back."""

    notes: int
    settings: int

    @property
    def words(self) -> str:
        """What was done, as a sentence."""
        done = f"Rewrote the search text of {counted(self.notes, 'note')}"
        if self.settings:
            set_back = f"{counted(self.settings, 'setting')} back to {_defaults(self.settings)}"
            done += f" and set {set_back}"
        return f"{done}."


def repair(database: Database) -> Repaired:
    """Put right what losing nothing puts right, in one transaction; no card or review changes.

    Browse's search text is written again from the notes and cards (it derives from them), and
    settings that cannot be read are set back to their defaults.
    """
    with database.write(locked=True) as session:  # its DDL too: see Database.write
        settings = reset_unreadable_settings(session)
        return Repaired(notes=note_text.rebuild_note_texts(session), settings=settings)


def _wrong_search_texts(database: Database) -> list[str]:
    """Problems with Browse's search text, which only another program could have caused."""
    with database.read() as session:
        state = note_text.note_text_state(session)
    if state.right:
        return []
    what = []
    triggers = [
        f"{', '.join(names)} {how}"
        for names, how in ((state.missing_triggers, "gone"), (state.changed_triggers, "changed"))
        if names
    ]
    if triggers:
        what.append(f"it is no longer kept up to date ({'; '.join(triggers)})")
    if state.wrong_notes:
        what.append(f"it is missing or out of date for {counted(state.wrong_notes, 'note')}")
    if state.stray_rows:
        what.append(f"{counted(state.stray_rows, 'row')} of it belong to no note")
    return [
        f"Browse's search text: {'; '.join(what)}, so word searches may not find what the "
        "notes hold, or count their cards wrongly (another program changed the collection)."
    ]


def _unshowable_cards(database: Database, may_cancel: Callable[[], None]) -> list[str]:
    """The cards study may show that cannot be shown, in words saying what to do; empty if none.

    ``may_cancel`` is called every so many cards (a large collection takes seconds).
    """
    with database.read() as session:
        note_types = {
            type_id: stored_spec(stored)
            for type_id, stored in note_types_repo.note_types(session).items()
        }
        broken = []
        for number, card in enumerate(health.cards_to_show(session), 1):
            if not _shows(card, note_types.get(card.note_type_id or 0)):
                broken.append(card)
            if number % _CARDS_PER_CANCEL == 0:
                may_cancel()
    if not broken:
        return []
    named = "; ".join(_card_named(card, note_types) for card in broken[:_CARDS_NAMED])
    if len(broken) > _CARDS_NAMED:
        named += f"; and {len(broken) - _CARDS_NAMED:,} more"
    if len(broken) == 1:
        return [
            "1 card cannot be shown, because its note no longer has it (an import changed the "
            f"note): {named}. Studying its deck may stop at it. To take it out of study, "
            "keeping its history, import the file the note came from again with this version "
            "of FibroLearn, or delete the note in Browse."
        ]
    return [
        f"{counted(len(broken), 'card')} cannot be shown, because their notes no longer have "
        f"them (an import changed the notes): {named}. Studying their decks may stop at them. "
        "To take them out of study, keeping their history, import the files the notes came "
        "from again with this version of FibroLearn, or delete the notes in Browse."
    ]


def _shows(card: CardToShow, note_type: NoteTypeSpec | None) -> bool:
    """Whether the card renders, as study renders it."""
    fields = {name: "" if value is None else str(value) for name, value in card.fields.items()}
    try:
        render_fields(card.kind, fields, card.ordinal, note_type, deck=card.deck)
    except ValueError:  # the note makes no such card, or its note type is missing
        return False
    return True


def _card_named(card: CardToShow, note_types: dict[int, NoteTypeSpec]) -> str:
    """``card 2 of “perro” in deck “Vocab”``: the card number as Anki counts, the note's words."""
    note_type = note_types.get(card.note_type_id or 0)
    cloze = card.kind == "cloze" or (note_type is not None and note_type.kind == "cloze")
    number = card.ordinal if cloze else card.ordinal + 1
    if card.kind == TEMPLATE_KIND:
        first = next(iter(card.fields.values()), "")
        words = html_to_text(str(first or ""))
    else:
        words = str(card.fields.get("front") or card.fields.get("text") or "")
    words = " ".join(words.split())
    if len(words) > _WORDS_SHOWN:
        words = words[: _WORDS_SHOWN - 1].rstrip() + "…"
    return f"card {number} of “{words}” in deck “{card.deck}”"
