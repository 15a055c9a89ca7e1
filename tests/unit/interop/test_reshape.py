"""Carrying the learner's edits into the new shape a re-imported note comes in."""

from __future__ import annotations

from dataclasses import replace

from fibrolearn.domain.note_merge import NoteVersion
from fibrolearn.interop.reshape import Shape, reshaped
from fibrolearn.interop.values import NoteTypeSpec, TemplateSpec

BASIC_TYPE = NoteTypeSpec(
    key="anki-1",
    name="Basic",
    kind="standard",
    fields=("Front", "Back"),
    templates=(TemplateSpec("Card 1", "{{Front}}", "{{Back}}"),),
)
THREE_FIELDS = NoteTypeSpec(
    key="anki-2",
    name="Basic with source",
    kind="standard",
    fields=("Front", "Back", "Source"),
    templates=(TemplateSpec("Card 1", "{{Front}}", "{{Back}}<br>{{Source}}"),),
)
CLOZE_TYPE = NoteTypeSpec(
    key="anki-3",
    name="Cloze",
    kind="cloze",
    fields=("Text",),
    templates=(TemplateSpec("Cloze", "{{cloze:Text}}", "{{cloze:Text}}"),),
)
OWN_BASIC = Shape("basic")


def own(front: str, back: str, tags: str = "") -> NoteVersion:
    return NoteVersion({"front": front, "back": back, "text": "", "extra": ""}, tags)


def test_a_plain_note_the_author_formats_carries_the_edited_field_as_html() -> None:
    mine, base = own("Sleep", "mine & yours", "mine"), own("Sleep", "rest", "")

    carried = reshaped(mine, base, OWN_BASIC, Shape("template", BASIC_TYPE))

    assert carried.mine == NoteVersion({"Back": "mine &amp; yours"}, "mine")
    assert carried.base == NoteVersion({"Back": "rest"}, "")
    assert not carried.lost_edit


def test_formatting_the_author_removes_carries_the_edit_and_ignores_untouched_html() -> None:
    base = NoteVersion({"Front": "<b>Sleep</b>", "Back": "rest"}, "")
    mine = NoteVersion({"Front": "<b>Sleep</b>", "Back": "deep rest"}, "")

    carried = reshaped(mine, base, Shape("template", BASIC_TYPE), OWN_BASIC)

    assert carried.mine.fields == {"back": "deep rest"}
    assert not carried.lost_edit


def test_an_edit_plain_text_cannot_show_gives_way() -> None:
    base = NoteVersion({"Front": "Sleep", "Back": "rest"}, "")
    mine = NoteVersion({"Front": "Sleep", "Back": "<i>deep</i> rest"}, "")

    assert reshaped(mine, base, Shape("template", BASIC_TYPE), OWN_BASIC).lost_edit


def test_basic_and_reversed_share_their_fields() -> None:
    carried = reshaped(own("a", "mine"), own("a", "b"), OWN_BASIC, Shape("reversed"))

    assert carried.mine.fields == {"back": "mine"} and not carried.lost_edit


def test_a_change_of_card_gives_way_but_keeps_the_tags_to_merge() -> None:
    mine, base = own("Sleep", "mine", "mine"), own("Sleep", "rest", "")

    for new in (Shape("cloze"), Shape("template", CLOZE_TYPE)):
        carried = reshaped(mine, base, OWN_BASIC, new)
        assert carried.lost_edit
        assert (carried.mine, carried.base) == (NoteVersion({}, "mine"), NoteVersion({}, ""))


def test_an_edited_field_with_no_place_in_the_new_shape_gives_way() -> None:
    base = NoteVersion({"Front": "Sleep", "Back": "rest", "Source": ""}, "")
    mine = NoteVersion({"Front": "Sleep", "Back": "rest", "Source": "my notes"}, "")

    assert reshaped(mine, base, Shape("template", THREE_FIELDS), OWN_BASIC).lost_edit


def test_an_untouched_field_with_no_place_loses_nothing() -> None:
    base = NoteVersion({"Front": "Sleep", "Back": "rest", "Source": "a review"}, "")
    mine = NoteVersion({"Front": "Sleep", "Back": "deep rest", "Source": "a review"}, "")

    carried = reshaped(mine, base, Shape("template", THREE_FIELDS), OWN_BASIC)

    assert carried.mine.fields == {"back": "deep rest"} and not carried.lost_edit


def test_a_note_that_moves_to_another_note_type_keeps_edits_in_fields_of_the_same_name() -> None:
    base = NoteVersion({"Front": "Sleep", "Back": "rest"}, "")
    mine = NoteVersion({"Front": "Sleep", "Back": "mine"}, "")
    same_type_new_id = replace(BASIC_TYPE, key="anki-9")

    for new_type in (same_type_new_id, THREE_FIELDS):
        carried = reshaped(mine, base, Shape("template", BASIC_TYPE), Shape("template", new_type))
        assert carried.mine.fields == {"Back": "mine"} and not carried.lost_edit


def test_an_edit_in_a_field_the_new_note_type_lacks_gives_way() -> None:
    base = NoteVersion({"Front": "Sleep", "Back": "rest", "Source": ""}, "")
    mine = NoteVersion({"Front": "Sleep", "Back": "rest", "Source": "my notes"}, "")

    old, new = Shape("template", THREE_FIELDS), Shape("template", BASIC_TYPE)
    assert reshaped(mine, base, old, new).lost_edit
    assert reshaped(mine, base, old, Shape("template", CLOZE_TYPE)).lost_edit
