"""The collection's notes as export values: guids, deck names, history, and the media they use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from fibrolearn.interop.guids import derived_guid
from fibrolearn.interop.media import referenced_names
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ExportCard,
    ExportNote,
    NoteTypeSpec,
    Skipped,
    TemplateSpec,
)
from fibrolearn.storage.export_repo import ExportData
from fibrolearn.storage.note_types_repo import StoredNoteType


def stored_spec(stored: StoredNoteType) -> NoteTypeSpec:
    """A stored note type as the template renderer and the writers take it."""
    return NoteTypeSpec(
        key=stored.key,
        name=stored.name,
        kind=stored.kind,
        fields=stored.fields,
        templates=tuple(TemplateSpec(t["name"], t["front"], t["back"]) for t in stored.templates),
        css=stored.css,
    )


def export_notes(
    data: ExportData, specs: Mapping[int, NoteTypeSpec]
) -> tuple[list[ExportNote], list[Skipped]]:
    """The notes of one chunk with their cards and history, and those left out.

    Args:
        data: One chunk of the export.
        specs: The stored note types (as :func:`stored_spec` gives them), by id.

    A note without a guid gets one derived from its deck and key, the same at every export.
    """
    cards_by_note: dict[int, list[ExportCard]] = {}
    for card in data.cards:
        reviews = tuple(data.reviews.get(card.id, ()))
        cards_by_note.setdefault(card.note_id, []).append(
            ExportCard(
                ordinal=card.ordinal,
                deck=data.decks[card.deck_id][1],
                state=card.state,
                suspended=card.suspended,
                position=card.position,
                reviews=reviews,
                buried_until=card.buried_until,
                resets=tuple(data.resets.get(card.id, ())),
            )
        )
    notes: list[ExportNote] = []
    skipped: list[Skipped] = []
    for note in data.notes:
        spec = specs.get(note.note_type_id or 0)
        deck_key, deck_name = data.decks[note.deck_id]
        if note.kind == TEMPLATE_KIND and spec is None:
            skipped.append(Skipped(f"note {note.key}", "its note type is missing"))
            continue
        notes.append(
            ExportNote(
                guid=note.guid or derived_guid(deck_key, note.key),
                kind=note.kind,
                fields={key: str(value) for key, value in note.fields.items()},
                tags=note.tags,
                deck=deck_name,
                modified=note.modified_at,
                note_type_key=spec.key if spec else None,
                origin_type_key=(
                    specs[note.origin_type_id].key if note.origin_type_id in specs else None
                ),
                cards=tuple(cards_by_note.get(note.id, ())),
            )
        )
    return notes, skipped


def wanted_media(notes: Iterable[ExportNote]) -> set[str]:
    """The names of the media files the notes show (only template notes hold HTML)."""
    return {
        name
        for note in notes
        if note.kind == TEMPLATE_KIND
        for value in note.fields.values()
        for name in referenced_names(value)
    }


def media_to_export(
    wanted: Iterable[str], media_dir: Path
) -> tuple[dict[str, Path], list[Skipped]]:
    """The ``wanted`` media files (name -> path), and those missing from the folder."""
    found: dict[str, Path] = {}
    missing: list[Skipped] = []
    root = media_dir.resolve()
    for name in sorted(wanted):
        path = (root / name).resolve()
        if path.is_relative_to(root) and path.is_file():
            found[name] = path
        else:
            missing.append(Skipped(f"media file {name}", "it is not in the media folder"))
    return found, missing
