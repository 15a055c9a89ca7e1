"""Anki's template language and cloze deletions, as FibroLearn renders them."""

from __future__ import annotations

import pytest

from fibrolearn.interop import anki_cloze
from fibrolearn.interop.template import (
    TemplateError,
    fields_shown,
    parse,
    render_note_card,
    template_problems,
)
from fibrolearn.interop.values import NoteTypeSpec, TemplateSpec

OPTIONAL_REVERSE = NoteTypeSpec(
    key="k",
    name="Basic (optional reversed card)",
    kind="standard",
    fields=("Front", "Back", "Add Reverse"),
    templates=(
        TemplateSpec("Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"),
        TemplateSpec(
            "Card 2",
            "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
            "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}",
        ),
    ),
)
CLOZE = NoteTypeSpec(
    key="c",
    name="Cloze",
    kind="cloze",
    fields=("Text", "Back Extra"),
    templates=(TemplateSpec("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
)


def custom(front: str, back: str = "{{FrontSide}}<hr id=answer>{{Meaning}}") -> NoteTypeSpec:
    return NoteTypeSpec(
        key="v",
        name="Vocab",
        kind="standard",
        fields=("Word", "Meaning", "Hint"),
        templates=(TemplateSpec("Recognise", front, back),),
    )


def test_field_substitution_keeps_html_and_frontside_is_not_repeated() -> None:
    card = render_note_card(OPTIONAL_REVERSE, {"Front": "<b>F</b>", "Back": "B"}, 0)
    assert card.question_html == "<b>F</b>"
    assert card.answer_html == "B"


def test_sections_show_when_the_field_has_content() -> None:
    fields = {"Front": "F", "Back": "B", "Add Reverse": "y"}
    assert render_note_card(OPTIONAL_REVERSE, fields, 1).question_html == "B"
    empty = {**fields, "Add Reverse": " <br> "}  # whitespace and breaks count as empty
    assert render_note_card(OPTIONAL_REVERSE, empty, 1).question_html == ""


def test_inverted_sections() -> None:
    spec = custom("{{Word}}{{^Hint}} (no hint){{/Hint}}")
    assert render_note_card(spec, {"Word": "w", "Hint": ""}, 0).question_html == "w (no hint)"
    assert render_note_card(spec, {"Word": "w", "Hint": "h"}, 0).question_html == "w"


def test_text_filter_strips_markup_and_stays_safe() -> None:
    spec = custom("{{text:Word}}")
    html = render_note_card(spec, {"Word": "<i>perro</i> &lt;x&gt;"}, 0).question_html
    assert html == "perro &lt;x&gt;"


def test_hint_is_shown_labelled_and_empty_hint_shows_nothing() -> None:
    spec = custom("{{Word}}{{hint:Hint}}")
    shown = render_note_card(spec, {"Word": "w", "Hint": "woof"}, 0).question_html
    assert shown == 'w<span class="hint"><i>Hint:</i> woof</span>'
    assert render_note_card(spec, {"Word": "w", "Hint": ""}, 0).question_html == "w"


def test_type_shows_nothing_on_the_question_and_the_answer_after() -> None:
    spec = custom("{{Word}}{{type:Meaning}}", "{{Word}}<hr id=answer>{{type:Meaning}}")
    card = render_note_card(spec, {"Word": "w", "Meaning": "m"}, 0)
    assert card.question_html == "w"
    assert card.answer_html == "m"


TYPE_IN = NoteTypeSpec(
    key="t",
    name="Basic (type in the answer)",
    kind="standard",
    fields=("Front", "Back"),
    templates=(  # as Anki makes it: the answer repeats the question's field, not {{FrontSide}}
        TemplateSpec(
            "Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"
        ),
    ),
)


def test_an_answer_repeating_the_question_field_by_field_shows_it_once() -> None:
    card = render_note_card(TYPE_IN, {"Front": "Capital of <b>Peru</b>?", "Back": "Lima"}, 0)
    assert card.question_html == "Capital of <b>Peru</b>?\n\n"
    assert card.answer_html == "Lima"


def test_what_an_answer_shows_above_its_line_besides_the_question_stays() -> None:
    spec = custom("{{Word}}", "{{Word}} ({{Hint}})<hr id=answer>{{Meaning}}")
    card = render_note_card(spec, {"Word": "w", "Meaning": "m", "Hint": "h"}, 0)
    assert card.answer_html == "w (h)<hr id=answer>m"


def test_special_fields() -> None:
    spec = custom("{{Deck}}|{{Subdeck}}|{{Tags}}|{{Type}}|{{Card}}")
    card = render_note_card(spec, {}, 0, tags=("a", "b"), deck="Lang::Spanish")
    assert card.question_html == "Lang::Spanish|Spanish|a b|Vocab|Recognise"


def test_filters_apply_right_to_left_and_unknown_ones_pass_through() -> None:
    spec = custom("{{furigana:text:Word}}")
    assert (
        render_note_card(spec, {"Word": "<b>漢字[かんじ]</b>"}, 0).question_html == "漢字[かんじ]"
    )


def test_cloze_card_hides_its_own_deletion_and_shows_the_hint() -> None:
    fields = {"Text": "{{c1::Paris::city}} is in {{c2::France}}", "Back Extra": "Europe"}
    first = render_note_card(CLOZE, fields, 1)
    assert first.question_html == '<span class="cloze">[city]</span> is in France'
    assert first.answer_html == '<span class="cloze">Paris</span> is in France<br>\nEurope'
    second = render_note_card(CLOZE, fields, 2)
    assert second.question_html == 'Paris is in <span class="cloze">[...]</span>'


def test_type_cloze_expects_the_hidden_terms() -> None:
    spec = NoteTypeSpec(
        "t",
        "Cloze typing",
        "cloze",
        ("Text",),
        (TemplateSpec("Cloze", "{{cloze:Text}}{{type:cloze:Text}}", "{{type:cloze:Text}}"),),
    )
    card = render_note_card(spec, {"Text": "{{c1::a}} and {{c1::b}} but {{c2::c}}"}, 1)
    assert card.answer_html == "a, b"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("a {{c1::b}} c", (1,)),
        ("{{c1::outer {{c2::inner}} text::hint}}", (1, 2)),
        ("{{c3::x}} {{c1::y::h}}", (1, 3)),
        ("never {{c1::closed", ()),
        ("stray }} and {{c2::ok}}", (2,)),
        # Numbers no card can have (its ordinal is a 64-bit integer): text, not a crash.
        ("{{c" + "9" * 19 + "::x}} {{c2::y}}", (2,)),
        ("{{c" + "9" * 5_000 + "::x}}", ()),
    ],
)
def test_cloze_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert anki_cloze.numbers(text) == numbers


def test_nested_clozes_render_like_anki() -> None:
    text = "{{c1::outer {{c2::inner}} text}}"
    assert anki_cloze.render(text, 1, answer=False) == '<span class="cloze">[...]</span>'
    assert anki_cloze.render(text, 2, answer=False) == 'outer <span class="cloze">[...]</span> text'
    assert anki_cloze.render(text, 1, answer=True) == '<span class="cloze">outer inner text</span>'


def test_deletions_nested_hundreds_deep_are_text_past_fifty() -> None:
    # The tree is built and walked by recursion: 3,000 levels once raised RecursionError.
    text = "{{c1::" * 3_000 + "x" + "}}" * 3_000
    assert anki_cloze.numbers(text) == (1,)
    shown = anki_cloze.render(text, 1, answer=True)
    assert shown.count('<span class="cloze">') == 51
    assert shown.count("{{c1::") == 3_000 - 51


def test_unclosed_cloze_stays_plain_text() -> None:
    assert anki_cloze.render("a {{c1::b", 1, answer=False) == "a {{c1::b"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{#A}} x {{/B}}", r"\{\{/B\}\} closes nothing open \(expected \{\{/A\}\}\)"),
        ("{{#A}} x", r"section \{\{#A\}\} is never closed"),
        ("{{/A}}", "closes nothing open"),
        # Rendering walks sections by recursion: 3,000 levels once raised RecursionError.
        ("{{#A}}" * 3_000 + "{{/A}}" * 3_000, "sections are nested more than 50 deep"),
    ],
)
def test_malformed_templates_are_reported(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse(template)


def test_problems_name_missing_fields_and_unsupported_filters() -> None:
    spec = custom("{{Word}} {{Nope}} {{tts en_US:Word}}")
    problems = template_problems(spec)
    assert any("there is no field called “Nope”" in p for p in problems)
    assert any("the filter “tts:” is not supported" in p for p in problems)
    assert template_problems(OPTIONAL_REVERSE) == []


def test_a_card_the_note_type_does_not_have() -> None:
    with pytest.raises(TemplateError, match="has no card 3"):
        render_note_card(OPTIONAL_REVERSE, {}, 2)


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{{Front}}<br>{{text:hint:Reading}}", [("Front", ()), ("Reading", ("text", "hint"))]),
        ("{{FrontSide}}<hr id=answer>{{#Extra}}{{ Extra }}{{/Extra}}", [("Extra", ())]),
        ("{{^Back}}none{{/Back}}{{type:Back}}{{Tags}}", [("Back", ("type",))]),
        ("{{ cloze: Text }}", [("Text", ("cloze",))]),
        ("{{#Extra}}{{Extra}} never closed", [("Extra", ())]),  # still tells its field
    ],
)
def test_the_fields_a_template_shows_with_their_filters(
    template: str, shown: list[tuple[str, tuple[str, ...]]]
) -> None:
    """What a quiz reads of a card: the fields shown, not those sections only test."""
    assert fields_shown(template) == shown
