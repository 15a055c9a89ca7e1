"""A learner's edits carried into the new shape a re-imported note comes in.

An Anki note of a stock note type becomes one of FibroLearn's plain kinds while its fields
are plain text, and stays a note of its note type (HTML) once the author formats it; basic and
reversed notes share their fields. Such changes of clothes leave the card the same, so the
learner's edited fields carry over, field by field in order. A note moving to another note
type (or to the same one under a new id, as a package made again may give it) carries them by
field name. A change of the card itself (a basic note becoming a cloze) or a field with no
place in the new shape cannot carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.note_merge import NoteVersion
from fibrolearn.domain.notes import field_names, own_kind, share_fields
from fibrolearn.interop.html_text import plain_or_none, text_to_html
from fibrolearn.interop.values import TEMPLATE_KIND, NoteTypeSpec


@dataclass(frozen=True, slots=True)
class Shape:
    """A note's kind, and for a template note its note type."""

    kind: str
    note_type: NoteTypeSpec | None = None


@dataclass(frozen=True, slots=True)
class Reshaped:
    """The stored note and its last imported version, as the new shape holds them.

    When the learner's edits cannot be carried, both hold no fields (so the file's are taken
    whole) and ``lost_edit`` says whether there were edits; tags merge either way.
    """

    mine: NoteVersion
    base: NoteVersion
    lost_edit: bool = False


def reshaped(mine: NoteVersion, base: NoteVersion, old: Shape, new: Shape) -> Reshaped:
    """``mine`` and ``base`` (in shape ``old``) as a merge with a note of shape ``new`` needs.

    Only the fields the learner edited are carried: a field left as imported takes the file's
    value whatever it is, so it need not (and, with formatting, often could not) be converted.
    """
    edited = {
        name: value for name, value in mine.fields.items() if value != base.fields.get(name, "")
    }
    names = _field_names(old, new)
    if names is None or not edited.keys() <= names.keys():
        return _not_carried(mine, base, edited)
    carried = {names[name]: _value(value, old.kind, new.kind) for name, value in edited.items()}
    if None in carried.values():
        return _not_carried(mine, base, edited)
    before = {  # only tells which side changed a field, so a lossy stand-in does no harm
        names[name]: _value(base.fields.get(name, ""), old.kind, new.kind) or "" for name in edited
    }
    return Reshaped(NoteVersion(carried, mine.tags), NoteVersion(before, base.tags))


def _not_carried(mine: NoteVersion, base: NoteVersion, edited: dict[str, str]) -> Reshaped:
    return Reshaped(NoteVersion({}, mine.tags), NoteVersion({}, base.tags), bool(edited))


def _field_names(old: Shape, new: Shape) -> dict[str, str] | None:
    """Which field of ``new`` each field of ``old`` becomes; None when the card changes."""
    old_kind, new_kind = own_kind(old.kind), own_kind(new.kind)
    if old_kind is not None and new_kind is not None:
        names = field_names(old_kind)
        return dict(zip(names, names, strict=True)) if share_fields(old.kind, new.kind) else None
    if old_kind is not None and new.note_type is not None and _same_card(old_kind, new.note_type):
        return dict(zip(field_names(old_kind), new.note_type.fields, strict=False))
    if new_kind is not None and old.note_type is not None and _same_card(new_kind, old.note_type):
        return dict(zip(old.note_type.fields, field_names(new_kind), strict=False))
    if old.note_type is not None and new.note_type is not None:
        if (old.note_type.kind == "cloze") != (new.note_type.kind == "cloze"):
            return None
        return {name: name for name in old.note_type.fields if name in new.note_type.fields}
    return None


def _same_card(kind: NoteKind, note_type: NoteTypeSpec) -> bool:
    """Whether notes of ``note_type`` make the cards FibroLearn's ``kind`` makes."""
    return (note_type.kind == "cloze") == (kind is NoteKind.CLOZE)


def _value(value: str, kind: str, new_kind: str) -> str | None:
    """A field's text in the other shape; None when plain text cannot show it."""
    if kind == TEMPLATE_KIND and new_kind != TEMPLATE_KIND:
        return plain_or_none(value)
    if kind != TEMPLATE_KIND and new_kind == TEMPLATE_KIND:
        return text_to_html(value)
    return value
