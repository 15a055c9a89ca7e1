"""Write varied.apkg with Anki's library, and the collection FibroLearn makes of it.

Run from the repository root: ``PYTHONPATH=src:tests .venv/bin/python
tests/data/interop/make_import_snapshot.py [--snapshot-only]`` (the package needs
``pip install -e '.[anki]'``). ``varied-import.json`` is what test_import_snapshot.py compares
every import with: write it again only when an import is meant to write something else, and
say why in the commit. ``--snapshot-only`` keeps the package and writes the snapshot anew.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from collection_dump import collection_dump
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage.migrate import open_collection

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "varied.apkg"
SNAPSHOT = HERE / "varied-import.json"
# The imports, in order, into one fresh collection: (package, options).
IMPORTS = (
    ("varied.apkg", ImportOptions(with_history=True)),
    ("small-legacy.apkg", ImportOptions()),
    ("varied.apkg", ImportOptions(with_history=True)),  # again: every note matched
    ("varied.apkg", ImportOptions(deck="All  in  one::Here")),
)


def imported(folder: Path, clock: datetime) -> dict[str, Any]:
    """The collection after IMPORTS, and each import's report, as plain data."""
    paths = resolve_paths(folder)
    services = Services.build(
        open_collection(paths.collection, paths.backups_dir), FixedClock(clock)
    )
    try:
        reports = [repr(services.importer.run(HERE / name, options)) for name, options in IMPORTS]
    finally:
        services.close()
    return {"reports": reports, **collection_dump(paths.collection, paths.media_dir)}


def _add(col: Any, notetype: str, values: dict[str, str], deck: str, tags: list[str]) -> Any:
    note = col.new_note(col.models.by_name(notetype))
    for name, value in values.items():
        note[name] = value
    note.tags = tags
    col.add_note(note, col.decks.id(deck))
    return note


def build_package() -> None:
    from anki.collection import Collection

    from anki_packages import write_anki_package

    with tempfile.TemporaryDirectory() as work:
        col = Collection(str(Path(work) / "collection.anki2"))
        media = Path(col.media.dir())
        (media / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n picture")
        (media / "sound.mp3").write_bytes(b"ID3 sound")
        models = col.models
        vocab = models.new("Vocab")
        for name in ("Word", "Meaning"):
            models.add_field(vocab, models.new_field(name))
        template = models.new_template("Recognise")
        template["qfmt"] = "{{Word}}{{^Meaning}} (none){{/Meaning}}"
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}} [sound:sound.mp3]"
        models.add_template(vocab, template)
        models.add(vocab)
        decks = ("Bench::Biology", "Bench::History", "Languages::Fran\u00e7ais", "Caf\u00e9  ")
        values = (
            "plain words {}",
            "<b>bold</b> {}",
            "<script>alert({})</script>kept",
            '<a href="http://example.com/{}" onclick="x()">link</a>',
            '<img src="pic.png"> picture {}',
            "a &amp; b &lt; c&nbsp;{}",
            "Cafe\u0301 {}",
            "Stra\u00dfe \ufb01sh {}",
            "<div style='color: red'>styled {}</div><br>",
        )
        for number in range(80):
            text = values[number % len(values)].format(number)
            deck = decks[number % len(decks)]
            tags = [f"tag{number % 5}", "shared"] if number % 3 else []
            kind = number % 6
            if kind == 0:
                _add(col, "Basic", {"Front": text, "Back": f"back {number}"}, deck, tags)
            elif kind == 1:
                _add(col, "Basic (and reversed card)", {"Front": text, "Back": "b"}, deck, tags)
            elif kind == 2:
                reverse = "y" if number % 4 else ""
                fields = {"Front": text, "Back": "b", "Add Reverse": reverse}
                _add(col, "Basic (optional reversed card)", fields, deck, tags)
            elif kind == 3:
                cloze = f"{{{{c1::{text}}}}} and {{{{c2::two {number}}}}}"
                _add(col, "Cloze", {"Text": cloze, "Back Extra": text}, deck, tags)
            elif kind == 4:
                _add(col, "Vocab", {"Word": text, "Meaning": "" if number % 4 else "m"}, deck, tags)
            else:
                _add(col, "Basic (type in the answer)", {"Front": text, "Back": "t"}, deck, tags)
        cards = col.find_cards("")
        for index, card_id in enumerate(cards[:60]):
            card = col.get_card(card_id)
            card.start_timer()
            col.sched.answerCard(card, 1 + index % 4)
        col.sched.suspend_cards(cards[60:64])
        col.sched.bury_cards(cards[64:68], manual=True)
        col.sched.schedule_cards_as_new(cards[0:3], restore_position=True, reset_counts=True)
        col.set_user_flag_for_cards(2, cards[70:72])
        write_anki_package(col, PACKAGE, scheduling=True, media=True)
        col.close()


def main() -> None:
    os.environ["TZ"] = "UTC"  # a study day ends at 04:00 local time; the test runs in UTC too
    time.tzset()
    if "--snapshot-only" not in sys.argv:
        build_package()
    # A day after the package's newest answer, so its whole history counts.
    with tempfile.TemporaryDirectory() as work:
        clock = datetime.fromtimestamp(PACKAGE.stat().st_mtime, UTC).replace(microsecond=0)
        if SNAPSHOT.exists():  # the clock the package was written for
            clock = datetime.fromisoformat(json.loads(SNAPSHOT.read_text())["clock"])
        else:
            clock += timedelta(days=1)
        snapshot = {"clock": clock.isoformat(), **imported(Path(work) / "data", clock)}
    SNAPSHOT.write_text(json.dumps(snapshot, indent=0, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
