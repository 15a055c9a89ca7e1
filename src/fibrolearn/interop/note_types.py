"""Which Anki note types FibroLearn's own kinds stand for, and how its kinds look in Anki.

FibroLearn's basic, reversed and cloze notes hold plain text. An Anki note becomes one of them
when its note type has the stock shape (same templates, whatever the CSS) and every field is
plain text; anything else (formatting, images, custom templates) is kept as Anki wrote it: a
"template" note rendered through its note type.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import field_names
from fibrolearn.interop.anki_reader import AnkiNotetype
from fibrolearn.interop.html_text import text_to_html
from fibrolearn.interop.values import TEMPLATE_KIND, NoteTypeSpec, TemplateSpec

_ANSWER_RULE = re.compile(r"<hr\s*id\s*=\s*[\"']?answer[\"']?\s*/?>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_FRONT_SIDE = "{{FrontSide}}<hr id=answer>"


@dataclass(frozen=True, slots=True)
class BuiltinShape:
    """How an Anki note type's fields map onto a FibroLearn kind.

    Attributes:
        kind: basic, reversed or cloze.
        first: Index of the front (or cloze text) field.
        second: Index of the back (or extra) field; None when the cloze type has no extra.
    """

    kind: NoteKind
    first: int
    second: int | None


def builtin_shape(notetype: AnkiNotetype | NoteTypeSpec) -> BuiltinShape | None:
    """The FibroLearn kind a note type's templates amount to, if any.

    Read from Anki's package, or as stored: an export gives a plain note back to its note type.
    """
    spec = anki_note_type(notetype) if isinstance(notetype, AnkiNotetype) else notetype
    return _cloze_shape(spec) if spec.kind == "cloze" else _standard_shape(spec)


def _cloze_shape(spec: NoteTypeSpec) -> BuiltinShape | None:
    fields, templates = spec.fields, spec.templates
    if len(templates) != 1 or not 1 <= len(fields) <= 2:
        return None
    text = f"{{{{cloze:{fields[0]}}}}}"
    answer = f"{text}<br>{{{{{fields[1]}}}}}" if len(fields) == 2 else text
    if _same(templates[0].front, text) and _same(templates[0].back, answer):
        return BuiltinShape(NoteKind.CLOZE, 0, 1 if len(fields) == 2 else None)
    return None


def _standard_shape(spec: NoteTypeSpec) -> BuiltinShape | None:
    fields, templates = spec.fields, spec.templates
    if len(fields) != 2 or not 1 <= len(templates) <= 2:
        return None
    front, back = (f"{{{{{name}}}}}" for name in fields)
    cards = [(front, _FRONT_SIDE + back), (back, _FRONT_SIDE + front)][: len(templates)]
    if all(
        _same(template.front, question) and _same(template.back, answer)
        for template, (question, answer) in zip(templates, cards, strict=True)
    ):
        return BuiltinShape(NoteKind.BASIC if len(templates) == 1 else NoteKind.REVERSED, 0, 1)
    return None


def _same(template: str, expected: str) -> bool:
    return _normal(template) == _normal(expected)


def _normal(template: str) -> str:
    marked = _LINE_BREAK.sub("<br>", _ANSWER_RULE.sub("<hr id=answer>", template))
    return _SPACE.sub("", marked)


def anki_note_type(notetype: AnkiNotetype) -> NoteTypeSpec:
    """An Anki note type as FibroLearn stores it, keyed by Anki's id."""
    return NoteTypeSpec(
        key=f"anki-{notetype.id}",
        name=notetype.name,
        kind="cloze" if notetype.cloze else "standard",
        fields=notetype.fields,
        templates=tuple(
            TemplateSpec(name, front, back) for name, front, back in notetype.templates
        ),
        css=notetype.css,
    )


_STOCK_CSS = (
    ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n"
    " background-color: white;\n}\n"
)
_CLOZE_CSS = _STOCK_CSS + ".cloze {\n font-weight: bold;\n color: blue;\n}\n"

# Anki matches a text file's note type column by name; its stock note types carry these names,
# which FibroLearn writes for its own kinds and reads back as them.
STOCK_NAMES = {
    str(NoteKind.BASIC): "Basic",
    str(NoteKind.REVERSED): "Basic (and reversed card)",
    str(NoteKind.CLOZE): "Cloze",
}

# FibroLearn's own kinds as Anki note types: used when exporting to Anki, and for HTML notes
# imported from CSV files. The templates are Anki's stock ones, so Anki users recognise them
# and an import back into FibroLearn maps them to FibroLearn's kinds again.
OWN_NOTE_TYPES: dict[NoteKind, NoteTypeSpec] = {
    NoteKind.BASIC: NoteTypeSpec(
        key="fibrolearn-basic",
        name="Basic (FibroLearn)",
        kind="standard",
        fields=("Front", "Back"),
        templates=(TemplateSpec("Card 1", "{{Front}}", _FRONT_SIDE + "\n\n{{Back}}"),),
        css=_STOCK_CSS,
    ),
    NoteKind.REVERSED: NoteTypeSpec(
        key="fibrolearn-reversed",
        name="Basic and reversed card (FibroLearn)",
        kind="standard",
        fields=("Front", "Back"),
        templates=(
            TemplateSpec("Card 1", "{{Front}}", _FRONT_SIDE + "\n\n{{Back}}"),
            TemplateSpec("Card 2", "{{Back}}", _FRONT_SIDE + "\n\n{{Front}}"),
        ),
        css=_STOCK_CSS,
    ),
    NoteKind.CLOZE: NoteTypeSpec(
        key="fibrolearn-cloze",
        name="Cloze (FibroLearn)",
        kind="cloze",
        fields=("Text", "Back Extra"),
        templates=(TemplateSpec("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
        css=_CLOZE_CSS,
    ),
}

# The ids FibroLearn's own note types have in Anki.
_OWN_TYPE_IDS = {
    spec.key: 1_700_000_000_000 + index for index, spec in enumerate(OWN_NOTE_TYPES.values(), 1)
}


def note_type_id(key: str) -> int:
    """The Anki id of a note type: Anki's own for imported ones, fixed for FibroLearn's."""
    if key in _OWN_TYPE_IDS:
        return _OWN_TYPE_IDS[key]
    number = key.removeprefix("anki-")
    if number.isdigit() and 0 < int(number) < 2**63:
        return int(number)
    return 1_600_000_000_000 + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


# The Anki field each of FibroLearn's note fields goes to.
OWN_FIELD_NAMES: dict[NoteKind, tuple[str, ...]] = {kind: field_names(kind) for kind in NoteKind}


def anki_fields(
    kind: str,
    fields: dict[str, str],
    note_type: NoteTypeSpec | None,
    origin: NoteTypeSpec | None = None,
) -> tuple[NoteTypeSpec, list[str]]:
    """A FibroLearn note's note type in Anki and its field values there, as HTML.

    A basic, reversed or cloze note goes back to ``origin``, the Anki note type it was imported
    from, while it still fits it: Anki refuses a note whose note type is not the one its own
    copy has. Otherwise it goes as one of :data:`OWN_NOTE_TYPES`.

    Raises:
        ValueError: A template note without its note type.
    """
    if kind == TEMPLATE_KIND:
        if note_type is None:
            raise ValueError("a template note needs its note type")
        return note_type, [fields.get(name, "") for name in note_type.fields]
    own = NoteKind(kind)
    values = [text_to_html(fields.get(name, "")) for name in OWN_FIELD_NAMES[own]]
    shape = _fitting_shape(own, values, origin)
    if origin is None or shape is None:
        return OWN_NOTE_TYPES[own], values
    placed = [""] * len(origin.fields)
    placed[shape.first] = values[0]
    if shape.second is not None:
        placed[shape.second] = values[1]
    return origin, placed


def _fitting_shape(
    kind: NoteKind, values: list[str], origin: NoteTypeSpec | None
) -> BuiltinShape | None:
    """How a note of ``kind`` fits its ``origin`` note type; None when it no longer does.

    It does not when its kind changed since, or it has a cloze extra the type has no field for.
    """
    shape = None if origin is None else _stored_shape(origin)
    if shape is None or shape.kind is not kind or (shape.second is None and values[1]):
        return None
    return shape


@lru_cache(maxsize=64)
def _stored_shape(spec: NoteTypeSpec) -> BuiltinShape | None:
    """:func:`builtin_shape`, worked out once: an export asks it of every note it writes."""
    return builtin_shape(spec)
