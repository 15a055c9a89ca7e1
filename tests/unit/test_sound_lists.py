"""Which sounds a card side plays, in order, and which of them the media folder has."""

from __future__ import annotations

from pathlib import Path

import pytest

from fibrolearn.domain.sounds import CardSounds, card_sounds, sound_names
from fibrolearn.interop.template import render_note_card
from fibrolearn.interop.values import NoteTypeSpec, TemplateSpec
from fibrolearn.services.safe_html import media_files


def test_a_side_plays_its_sound_tags_in_order_names_as_written() -> None:
    side = "<b>rock</b> [sound:b.mp3]<br>[sound:rock &amp; roll.mp3] [sound:b.mp3] [sound: ]"
    assert sound_names(side) == ("b.mp3", "rock & roll.mp3", "b.mp3")
    assert sound_names("no sound here [sound:]") == ()


def test_the_answer_plays_only_the_sounds_it_adds_to_the_question() -> None:
    question = "perro [sound:perro.mp3]"
    repeated = f"<div>{question}</div><hr>dog [sound:dog.mp3] [sound:perro.mp3]"
    sounds = card_sounds(question, repeated)
    # The question's own sound, repeated with it, is not played again; the back's own is.
    assert sounds == CardSounds(("perro.mp3",), ("dog.mp3", "perro.mp3"))
    assert sounds.on_side(revealed=False) == ("perro.mp3",)
    assert sounds.on_side(revealed=True) == ("perro.mp3", "dog.mp3", "perro.mp3")
    # An answer that does not repeat the question plays every sound it has.
    assert card_sounds(question, "[sound:perro.mp3] dog").answer == ("perro.mp3",)
    assert card_sounds("", "dog [sound:dog.mp3]") == CardSounds((), ("dog.mp3",))


def test_an_anki_card_with_the_front_side_inside_its_back_plays_the_front_once() -> None:
    note_type = NoteTypeSpec(
        key="anki-1",
        name="Listening",
        kind="standard",
        fields=("Word", "Audio", "Meaning"),
        templates=(
            TemplateSpec("Card 1", "{{Audio}}", "<h1>{{Word}}</h1>{{FrontSide}}<br>{{Meaning}}"),
        ),
    )
    fields = {"Word": "gato", "Audio": "[sound:gato.mp3]", "Meaning": "cat [sound:cat.mp3]"}
    card = render_note_card(note_type, fields, 0)
    sounds = card_sounds(card.question_html, card.answer_html)
    assert sounds == CardSounds(("gato.mp3",), ("cat.mp3",))


@pytest.mark.parametrize(
    ("back", "answer_plays"),
    [
        ("{{Meaning}} {{Audio}}", ("cat.mp3", "gato.mp3")),
        ("{{FrontSide}}<hr id=answer>{{Meaning}} {{Audio}}", ("cat.mp3", "gato.mp3")),
        ("<h1>{{Word}}</h1>{{FrontSide}}<br>{{Meaning}}", ("cat.mp3",)),
    ],
)
def test_an_anki_back_plays_what_anki_plays_as_it_is_shown(
    back: str, answer_plays: tuple[str, ...]
) -> None:
    """Found in review: a back repeating the question's field without {{FrontSide}} lost
    its sound, the question's being left out of any answer containing it. What each back
    plays is what Anki's own library (``answer_av_tags``) gives for it."""
    note_type = NoteTypeSpec(
        key="anki-2",
        name="Listening",
        kind="standard",
        fields=("Word", "Audio", "Meaning"),
        templates=(TemplateSpec("Card 1", "{{Audio}}", back),),
    )
    fields = {"Word": "gato", "Audio": "[sound:gato.mp3]", "Meaning": "cat [sound:cat.mp3]"}
    card = render_note_card(note_type, fields, 0)
    sounds = card_sounds(card.question_html, card.answer_html, card.answer_sounds)
    assert sounds == CardSounds(("gato.mp3",), answer_plays)


def test_names_are_found_in_the_media_folder_or_said_missing(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.mp3").write_bytes(b"a")
    (media / "b c.ogg").write_bytes(b"b")
    (tmp_path / "outside.mp3").write_bytes(b"x")
    found, missing = media_files(media, ["b c.ogg", "gone.mp3", "a.mp3", "../outside.mp3"])
    assert found == [(media / "b c.ogg").resolve(), (media / "a.mp3").resolve()]
    assert missing == ["gone.mp3", "../outside.mp3"]
