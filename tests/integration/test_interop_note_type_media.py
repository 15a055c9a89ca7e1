"""Media a note type's templates and CSS show, as Anki shares a picture or a font among the cards
of a type ("_logo.png"): renamed on import as the notes are, and carried along on export.

Two decks bringing a different "_logo.png" each must each show their own: the second one's file
gets a new name, and its note type must be pointed at it, not only its notes.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from fibrolearn.domain.study import MemoryState
from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ExportCard,
    ExportNote,
    NoteTypeSpec,
    TemplateSpec,
)
from fibrolearn.paths import AppPaths
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions, render_template_card

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
LOGO, FONT = "_logo.png", "_brand.ttf"


def branded_package(folder: Path, tag: str, logo: str = LOGO, font: str = FONT) -> Path:
    """A package of one note whose note type, its own per ``tag``, shows a picture from its
    template and a font from its CSS (both with ``tag`` in their content); no field names a
    file, and a field placeholder in the template is no file either."""
    spec = NoteTypeSpec(
        key=f"anki-{1000 + ord(tag)}",
        name=f"Branded {tag}",
        kind="standard",
        fields=("Front", "Back", "Picture"),
        templates=(
            TemplateSpec(
                "Card 1",
                f'<img src="{logo}"> {{{{Front}}}} <img src="{{{{Picture}}}}">',
                "{{FrontSide}}<hr id=answer>{{Back}}",
            ),
        ),
        css=f"@font-face {{ font-family: brand; src: url('{font}'); }}",
    )
    media = {logo: folder / f"{tag}-logo", font: folder / f"{tag}-font"}
    for name, path in media.items():
        path.write_bytes(f"{name} of deck {tag}".encode())
    note = ExportNote(
        guid=f"guid-{tag}",
        kind=TEMPLATE_KIND,
        fields={"Front": f"Question {tag}", "Back": f"Answer {tag}", "Picture": ""},
        tags=(),
        deck=f"Deck {tag}",
        modified=NOW,
        note_type_key=spec.key,
        cards=(ExportCard(0, f"Deck {tag}", MemoryState.new(NOW), suspended=False, position=1),),
    )
    package = folder / f"{tag}.apkg"
    write_apkg(
        package, [note], {spec.key: spec}, media, with_history=False, now=NOW, study_day=StudyDay()
    )
    return package


def card_of(services: Services, tag: str) -> tuple[str, str]:
    """The question of deck ``tag``'s card as studied, and its note type's CSS."""
    query = (
        "SELECT c.id, t.css FROM cards c JOIN notes n ON n.id = c.note_id "
        f"JOIN note_types t ON t.id = n.note_type_id WHERE n.fields LIKE '%Question {tag}%'"
    )
    with services.database.engine.connect() as connection:
        card_id, css = connection.execute(text(query)).one()
    with services.database.read() as session:
        return render_template_card(session, card_id).question_html, css


def test_names_made_safe_reach_the_note_types_templates_and_css(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    package = branded_package(tmp_path, "A", logo="_logo*.png", font="_brand|.ttf")

    report = services.importer.run(package, ImportOptions())

    question, css = card_of(services, "A")
    assert '<img src="_logo_.png">' in question
    assert "url('_brand_.ttf')" in css
    assert (paths.media_dir / "_logo_.png").read_bytes() == b"_logo*.png of deck A"
    assert (paths.media_dir / "_brand_.ttf").read_bytes() == b"_brand|.ttf of deck A"
    assert report.media_added == 2


def test_two_decks_with_a_logo_of_the_same_name_each_show_their_own(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    services.importer.run(branded_package(tmp_path, "A"), ImportOptions())
    report = services.importer.run(branded_package(tmp_path, "B"), ImportOptions())

    assert report.media_renamed == 2
    assert (paths.media_dir / "_logo-2.png").read_bytes() == b"_logo.png of deck B"
    question_b, css_b = card_of(services, "B")
    assert '<img src="_logo-2.png">' in question_b and "url('_brand-2.ttf')" in css_b
    question_a, _css_a = card_of(services, "A")
    assert f'<img src="{LOGO}">' in question_a


def test_a_deck_imported_again_keeps_showing_its_own_logo(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    """Found in review: its logo, already there under the numbered name, was taken for new and
    the note type pointed back at the first deck's."""
    services.importer.run(branded_package(tmp_path, "A"), ImportOptions())
    services.importer.run(branded_package(tmp_path, "B"), ImportOptions())
    again = services.importer.run(branded_package(tmp_path, "B"), ImportOptions())

    assert (again.media_added, again.media_renamed) == (0, 0)  # none new, none renamed now
    assert sorted(path.name for path in paths.media_dir.iterdir()) == [
        "_brand-2.ttf",
        "_brand.ttf",
        "_logo-2.png",
        "_logo.png",
    ]
    question_b, css_b = card_of(services, "B")
    assert '<img src="_logo-2.png">' in question_b and "url('_brand-2.ttf')" in css_b


def test_export_with_media_carries_what_the_note_types_show(
    services: Services, tmp_path: Path
) -> None:
    services.importer.run(branded_package(tmp_path, "A"), ImportOptions())
    exported = tmp_path / "out.apkg"

    report = services.exporter.export_apkg(exported, with_media=True)

    with zipfile.ZipFile(exported) as archive:
        names = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in names.items()}
    assert media == {LOGO: b"_logo.png of deck A", FONT: b"_brand.ttf of deck A"}
    assert report.media_files == 2
    assert report.skipped == ()  # the template's {{Picture}} is no file gone missing
