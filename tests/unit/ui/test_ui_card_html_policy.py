"""The card HTML policy: nothing runs, nothing loads from outside the media folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fibrolearn.services.html_depth import DEEPEST
from fibrolearn.services.safe_html import is_media_reference, media_file, sanitize_card_html


def test_script_and_style_elements_go_with_their_content() -> None:
    html = "<p>keep</p><script>alert(1)</script><style>p { color: red }</style>"
    assert sanitize_card_html(html) == "<p>keep</p>"


@pytest.mark.parametrize(
    "attribute", ['onclick="x()"', 'onerror="x()"', 'onload="x()"', 'onmouseover="x()"']
)
def test_event_handler_attributes_are_removed(attribute: str) -> None:
    assert sanitize_card_html(f"<b {attribute}>bold</b>") == "<b>bold</b>"
    assert "on" not in sanitize_card_html(f'<img src="a.png" {attribute}>').replace("png", "")


def test_javascript_links_lose_the_link_and_keep_the_text() -> None:
    assert sanitize_card_html('<a href="javascript:alert(1)">tap</a> me') == "tap me"
    assert sanitize_card_html('<a href="https://example.org">site</a>') == "site"


@pytest.mark.parametrize(
    "src",
    [
        "http://example.org/x.png",
        "https://example.org/x.png",
        "//example.org/x.png",
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "/etc/passwd",
        "../outside.png",
        "a/../../outside.png",
        "C:\\evil.png",
    ],
)
def test_images_from_outside_the_media_folder_lose_their_source(src: str) -> None:
    assert sanitize_card_html(f'<img src="{src}" alt="x">') == '<img alt="x">'


def test_media_images_keep_their_source_and_size() -> None:
    html = '<img src="heart.png" alt="A heart" width="40">'
    assert sanitize_card_html(html) == html
    assert sanitize_card_html('<img src="sub/dir/a.jpg">') == '<img src="sub/dir/a.jpg">'


def test_a_tables_border_stays_as_a_thin_grid() -> None:
    """Found in a bug hunt: an imported table of doses, <table border=1>, showed with no
    lines between its cells, its columns run together at large text."""
    row = "<tbody><tr><td>Duloxetine</td><td>60 mg</td></tr></tbody>"
    for given in ('border="1"', "border=5000", "border", 'border=" 2 "'):
        assert sanitize_card_html(f"<table {given}>{row}</table>") == (
            f'<table border="1">{row}</table>'
        )
    assert sanitize_card_html(f'<table border="0">{row}</table>') == f"<table>{row}</table>"


def test_style_keeps_emphasis_and_alignment_only() -> None:
    html = (
        '<span style="color: red; font-weight: bold; font-size: 4px; '
        'background: url(http://example.org/t.png); text-align: center">x</span>'
    )
    assert sanitize_card_html(html) == '<span style="font-weight:bold;text-align:center">x</span>'


def test_unknown_tags_keep_their_text_and_structure_survives() -> None:
    html = "<font color=red>warm</font> <ul><li><i>one</i></li></ul><iframe src=x></iframe>"
    assert sanitize_card_html(html) == "warm <ul><li><i>one</i></li></ul>"


def test_rendered_deck_markup_passes_unchanged() -> None:
    html = 'What is <span class="cloze">[...]</span>?<br>line<div class="extra">more</div>'
    assert sanitize_card_html(html) == html


@pytest.mark.parametrize(
    ("reference", "allowed"),
    [("a.png", True), ("dir/a.png", True), ("", False), ("../a.png", False), ("x:y", False)],
)
def test_media_reference_form(reference: str, allowed: bool) -> None:
    assert is_media_reference(reference) is allowed


def test_media_file_resolves_inside_the_folder_only(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    (media / "ok.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (media / "link.png").symlink_to(tmp_path / "secret.png")
    assert media_file(media, "ok.png") == (media / "ok.png").resolve()
    assert media_file(media, "missing.png") is None
    assert media_file(media, "../secret.png") is None
    assert media_file(media, "link.png") is None


def test_ankis_sound_tags_are_named_not_shown_as_markup() -> None:
    assert sanitize_card_html("perro [sound:perro es.mp3]") == "perro <i>♪&nbsp;perro es.mp3</i>"
    hostile = sanitize_card_html("[sound:<img src=x onerror=alert(1)>.mp3]")
    assert "<img" not in hostile and "&lt;img" in hostile  # its name is text, never markup


def test_the_import_preview_names_sounds_and_pictures() -> None:
    from fibrolearn.interop.preview import readable_text

    assert readable_text('<img src="dog.jpg"> [sound:dog.mp3]').split() == [
        "[picture", "dog.jpg]", "[sound", "dog.mp3]",
    ]  # fmt: skip


def test_a_sound_name_with_an_ampersand_reads_as_written() -> None:
    said = sanitize_card_html("[sound:rock &amp; roll.mp3]")
    assert said == "<i>♪&nbsp;rock &amp; roll.mp3</i>"


@pytest.mark.parametrize("tag", ["div", "ul", "blockquote", "pre"])
def test_containers_nested_tens_of_thousands_deep_keep_the_deepest_levels_and_their_text(
    tag: str,
) -> None:
    """Found by the fuzz hunt: the HTML parser looks through the open containers at each tag,
    so a note nesting 100,000 <div> took 36 s to show at study, each time it came up."""
    deep = f'<{tag} title="a>b">' * 20_000 + "the text" + f"</{tag}>" * 20_000
    shown = sanitize_card_html(deep)
    assert shown == f'<{tag} title="a&gt;b">' * DEEPEST + "the text" + f"</{tag}>" * DEEPEST


@pytest.mark.parametrize(
    "usual",
    [
        "<div>" * 50 + "<ul>" + "<li>a</li>" * 200 + "</ul>" + "</div>" * 50,
        # Found in review: elements the parser closes without their tag (an <rt> by its
        # </ruby>, a <div> by its </td>) made a depth of 100 drift past, and later tags go.
        "<ruby>漢<rt>かん</ruby>" * 500 + "<div>after</div><div>them</div>",
        "<table><tr>" + "<td><div>cell</td>" * 500 + "</tr></table><div>after</div>",
    ],
    ids=["nested-and-closed", "ruby-without-closing-rt", "cells-closing-their-div"],
)
def test_a_card_nesting_as_cards_do_keeps_every_tag(usual: str) -> None:
    shown = sanitize_card_html(usual)
    assert shown.count("<div>") == usual.count("<div>")
    assert shown.count("<rt>") == usual.count("<rt>")
