"""A deck's notes as a quiz on them asks them: an Anki note type's as its first card asks it.

Storage reads the rows; the card templates are understood by :mod:`fibrolearn.interop.template`,
which renders them too.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.quiz_notes import QuizNote
from fibrolearn.interop.template import fields_shown
from fibrolearn.interop.values import TEMPLATE_KIND
from fibrolearn.storage import quiz_notes_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.quiz_notes_repo import QuizNoteRow

_CLOZE_TYPE = "cloze"  # an Anki note type making a card per deletion
# Filters whose field the question side does not show: typed in, or a hint shown on a click.
_NOT_ASKED = frozenset({"type", "hint"})
# Between the fields an answer side adds, as one line: "いぬ · dog".
_FIELDS_APART = " · "


def quiz_notes(session: DbSession, deck_id: int) -> list[QuizNote]:
    """The notes of the deck's cards in use, in the order they were added.

    A note with a suspended card is left out: the learner put it aside. An imported Anki
    note type's note is asked as its first card asks it: the fields its question shows, with
    the fields its answer adds as the answer (a cloze type's: the deletions of the fields shown
    with ``cloze:``, the answer's other fields as extra); both ways when its second card asks
    the first one's answer with its question.
    """
    notes = (_note(row) for row in quiz_notes_repo.quiz_note_rows(session, deck_id))
    return [note for note in notes if note is not None]


def _note(row: QuizNoteRow) -> QuizNote | None:
    """The note as a quiz reads it; None for one it cannot (damaged, or of no known shape)."""
    if not isinstance(row.fields, dict):
        return None
    values = {name: value for name, value in row.fields.items() if isinstance(value, str)}
    if row.kind != TEMPLATE_KIND:
        if row.kind not in {str(k) for k in NoteKind}:
            return None
        return QuizNote(
            row.key,
            NoteKind(row.kind),
            front=values.get("front", ""),
            back=values.get("back", ""),
            text=values.get("text", ""),
            extra=values.get("extra", ""),
        )
    if row.type_kind is None or not isinstance(row.templates, list):
        return None
    templates = [t for t in row.templates if isinstance(t, dict)]
    asked, added = _sides(templates[0] if templates else {})
    if row.type_kind == _CLOZE_TYPE:
        text = [name for name, filters in asked if "cloze" in filters]
        return QuizNote(
            row.key,
            NoteKind.CLOZE,
            text=_joined(values, text, "<br>"),
            extra=_joined(values, added, "<br>"),
            html=True,
        )
    question = list(dict.fromkeys(name for name, _ in asked))
    swapped = False
    if row.second_card and len(templates) > 1:
        second_asked, second_added = _sides(templates[1])
        swapped = (set(second_added), {name for name, _ in second_asked}) == (
            set(question),
            set(added),
        )
    kind = NoteKind.REVERSED if added and swapped else NoteKind.BASIC
    front, back = _joined(values, question, "<br>"), _joined(values, added, _FIELDS_APART)
    return QuizNote(row.key, kind, front=front, back=back, html=True)


def _sides(
    template: dict[Any, Any],
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], list[str]]:
    """The fields a card's question shows, with their filters, and those its answer adds.

    In the order the template shows them. A field typed in (``{{type:Back}}``) shows nothing
    on the question side, but its answer on the answer side; a hint (``{{hint:Reading}}``) is
    hidden on the question side until asked for: shown on the answer side, it is answer.
    """
    front, back = (template.get(side) for side in ("front", "back"))
    asked = tuple(
        (name, filters)
        for name, filters in fields_shown(front if isinstance(front, str) else "")
        if not _NOT_ASKED & set(filters)
    )
    shown = {name for name, _ in asked}
    added = [
        name for name, _ in fields_shown(back if isinstance(back, str) else "") if name not in shown
    ]
    return asked, list(dict.fromkeys(added))


def _joined(values: dict[str, str], names: Collection[str], between: str) -> str:
    """The texts of the fields ``names`` that are not blank, ``between`` them."""
    return between.join(text for name in names if (text := values.get(name, "")).strip())
