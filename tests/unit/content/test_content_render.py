from __future__ import annotations

import pytest

from fibrolearn.content.render import RenderedCard, card_ordinals, render_card, text_html
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec


def cloze(text: str, extra: str = "") -> NoteSpec:
    return NoteSpec(key="c", kind=NoteKind.CLOZE, text=text, extra=extra)


def test_card_ordinals_per_kind() -> None:
    assert card_ordinals(NoteSpec("b", NoteKind.BASIC, front="q", back="a")) == (0,)
    assert card_ordinals(NoteSpec("r", NoteKind.REVERSED, front="q", back="a")) == (0, 1)
    assert card_ordinals(cloze("{{c2::x}} {{c1::y}} {{c2::z}}")) == (1, 2)


def test_basic_card_is_escaped_and_keeps_line_breaks() -> None:
    note = NoteSpec("b", NoteKind.BASIC, front="Is 1 < 2 & <b>bold</b>?", back="Yes\nreally")
    assert render_card(note, 0) == RenderedCard(
        question_html="Is 1 &lt; 2 &amp; &lt;b&gt;bold&lt;/b&gt;?",
        answer_html="Yes<br>really",
    )


def test_reversed_second_card_swaps_sides() -> None:
    note = NoteSpec("r", NoteKind.REVERSED, front="Japan", back="Tokyo")
    assert render_card(note, 0) == RenderedCard("Japan", "Tokyo")
    assert render_card(note, 1) == RenderedCard("Tokyo", "Japan")


def test_cloze_hides_the_asked_deletions_and_shows_the_others() -> None:
    note = cloze("{{c1::Yeast}} makes {{c2::gas::what?}}; {{c1::yeast}} needs sugar.")
    first = render_card(note, 1)
    assert first.question_html == (
        '<span class="cloze">[...]</span> makes gas; <span class="cloze">[...]</span> needs sugar.'
    )
    assert first.answer_html == (
        '<span class="cloze">Yeast</span> makes gas; <span class="cloze">yeast</span> needs sugar.'
    )
    second = render_card(note, 2)
    assert (
        second.question_html == 'Yeast makes <span class="cloze">[what?]</span>; yeast needs sugar.'
    )
    assert second.answer_html == 'Yeast makes <span class="cloze">gas</span>; yeast needs sugar.'


def test_cloze_answer_ends_with_the_extra() -> None:
    card = render_card(cloze("A {{c1::b}}", extra="More <info>\nhere"), 1)
    assert (
        card.answer_html
        == 'A <span class="cloze">b</span><div class="extra">More &lt;info&gt;<br>here</div>'
    )


def test_cloze_terms_and_hints_are_escaped() -> None:
    card = render_card(cloze("x {{c1::<i>term</i>::a & b}}\ny"), 1)
    assert card.question_html == 'x <span class="cloze">[a &amp; b]</span><br>y'
    assert card.answer_html == 'x <span class="cloze">&lt;i&gt;term&lt;/i&gt;</span><br>y'


def test_line_breaks_next_to_deletions_are_kept() -> None:
    assert render_card(cloze("one\n{{c1::two}}\r\nthree"), 1).question_html == (
        'one<br><span class="cloze">[...]</span><br>three'
    )


@pytest.mark.parametrize(
    ("note", "ordinal"),
    [
        (NoteSpec("b", NoteKind.BASIC, front="q", back="a"), 1),
        (NoteSpec("r", NoteKind.REVERSED, front="q", back="a"), 2),
        (cloze("{{c1::x}}"), 2),
        (cloze("{{c1::x}}"), 0),
    ],
)
def test_a_card_the_note_does_not_have_is_an_error(note: NoteSpec, ordinal: int) -> None:
    with pytest.raises(ValueError, match="has no card"):
        render_card(note, ordinal)


def test_text_html() -> None:
    assert text_html("a\nb\n") == "a<br>b<br>"
    assert text_html('"quoted"') == "&quot;quoted&quot;"
