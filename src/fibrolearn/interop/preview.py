"""Both sides of a planned card, for the preview shown before an import writes anything."""

from __future__ import annotations

import re
from collections.abc import Mapping

from fibrolearn.content.render import RenderedCard, render_card
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.html_text import SOUND_REFERENCE, html_to_text
from fibrolearn.domain.knowledge import NoteSpec
from fibrolearn.interop.template import TemplateError, cards_made, render_note_card
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ImportPlan,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
    PreviewCard,
)

_PICTURE = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>/]+))[^>]*>""", re.I)


def render_fields(
    kind: str,
    fields: Mapping[str, str],
    ordinal: int,
    note_type: NoteTypeSpec | None,
    *,
    tags: tuple[str, ...] = (),
    deck: str = "",
) -> RenderedCard:
    """Card ``ordinal`` of a note of any kind, as HTML (to be sanitized before it is shown).

    Raises:
        ValueError: The note has no such card, or its template cannot be read.
    """
    if kind == TEMPLATE_KIND:
        if note_type is None:
            raise ValueError("the note's note type is missing")
        return render_note_card(note_type, fields, ordinal, tags=tags, deck=deck)
    note = NoteSpec(
        key="preview",
        kind=NoteKind(kind),
        front=fields.get("front", ""),
        back=fields.get("back", ""),
        text=fields.get("text", ""),
        extra=fields.get("extra", ""),
    )
    return render_card(note, ordinal)


def studied_cards(plan: ImportPlan) -> list[tuple[PlannedNote, PlannedCard]]:
    """The plan's cards that come into study, each with its note, in the file's order.

    Not those the file gives a note of an Anki note type that does not make them (a removed
    cloze deletion's card, a blank question's), which the import sets aside or leaves out.
    """
    note_types = {spec.key: spec for spec in plan.note_types}
    studied = []
    for note in plan.notes:
        spec = note_types.get(note.note_type_key or "")
        if note.kind == TEMPLATE_KIND and spec is not None:
            made = cards_made(spec, note.fields, frozenset(card.ordinal for card in note.cards))
            studied += [(note, card) for card in note.cards if card.ordinal in made]
        else:
            studied += [(note, card) for card in note.cards]
    return studied


def preview_cards(
    plan: ImportPlan, studied: list[tuple[PlannedNote, PlannedCard]], limit: int = 5
) -> tuple[PreviewCard, ...]:
    """The first ``limit`` of the ``studied`` cards of the plan, both sides as plain text."""
    note_types = {spec.key: spec for spec in plan.note_types}
    return tuple(_preview(note, card, note_types) for note, card in studied[:limit])


def _preview(
    note: PlannedNote, card: PlannedCard, note_types: Mapping[str, NoteTypeSpec]
) -> PreviewCard:
    try:
        rendered = render_fields(
            note.kind,
            note.fields,
            card.ordinal,
            note_types.get(note.note_type_key or ""),
            tags=note.tags,
            deck=card.deck,
        )
    except (ValueError, TemplateError) as error:
        return PreviewCard(card.deck, f"({note.where} cannot be shown: {error})", "")
    return PreviewCard(
        card.deck, readable_text(rendered.question_html), readable_text(rendered.answer_html)
    )


def readable_text(card_html: str) -> str:
    """The card as text, pictures and sounds named so a card of only those is not blank.

    For the import's preview and Browse's rows alike.
    """
    named = _PICTURE.sub(lambda m: f" [picture {m[1] or m[2] or m[3]}] ", card_html)
    return html_to_text(SOUND_REFERENCE.sub(lambda m: f" [sound {m['name']}] ", named))
