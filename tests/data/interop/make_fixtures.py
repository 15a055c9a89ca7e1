"""Regenerate the Anki packages in this folder with Anki's own library.

Run from the repository root: ``.venv/bin/python tests/data/interop/make_fixtures.py``
(needs ``pip install -e '.[anki]'``). The packages are checked in so the import tests that do
not compare against Anki run without it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions

HERE = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        col = Collection(str(Path(work) / "collection.anki2"))
        (Path(col.media.dir()) / "heart.png").write_bytes(b"\x89PNG\r\n\x1a\n heart")
        notes = (
            ("Basic", {"Front": "Where is pain processed?", "Back": "In the brain"}, ["pain"]),
            ("Basic", {"Front": "<b>Sleep</b> and pain", "Back": '<img src="heart.png">'}, []),
            ("Cloze", {"Text": "{{c1::Sleep}} loss raises {{c2::pain}}", "Back Extra": ""}, []),
        )
        deck = col.decks.id("Fibro::Basics")
        for notetype, fields, tags in notes:
            note = col.new_note(col.models.by_name(notetype))
            for name, value in fields.items():
                note[name] = value
            note.tags = tags
            col.add_note(note, deck)
        for legacy, name in ((False, "small-latest.apkg"), (True, "small-legacy.apkg")):
            col.export_anki_package(
                out_path=str(HERE / name),
                options=ExportAnkiPackageOptions(
                    with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
                ),
                limit=None,
            )
        col.close()


if __name__ == "__main__":
    main()
