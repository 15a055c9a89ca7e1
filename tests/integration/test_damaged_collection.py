"""A collection damaged at random opens, or is set aside with a backup offered; never a crash.

Bytes of a collection file are overwritten at random, as a failing disk or another program
might. SQLite's ``quick_check`` at start sees damage to the file's structure; damage inside a
row shows only when the row is read, and a changed trigger only when it fires (an answer).
Reading it raised whatever Python, SQLite or SQLAlchemy raises for it until opening, the check
and the window's message learned to tell it apart (bench/fuzz.py found the first such case in
a package). Each collection that opens is checked, and each deck's first card answered.
``python bench/fuzz.py --target collection`` runs it longer.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from bench.fuzzing import OUTCOMES, damaged_copy, make_template, open_damaged

from fibrolearn.storage.schema_revisions import HEAD

CASES = 150
NEWER = "refused untouched as a newer version's"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bundled decks and a package with media and reviews, in one collection file."""
    return make_template(tmp_path_factory.mktemp("damage")).read_bytes()


def test_random_damage_ends_open_or_set_aside(template: bytes, tmp_path: Path) -> None:
    outcomes = Counter(
        open_damaged(damaged_copy(template, random.Random(seed)), tmp_path / f"case-{seed}")
        for seed in range(CASES)
    )
    # The seeds reach every way out but the rarest, so each path was taken.
    assert set(OUTCOMES) - {NEWER} <= set(outcomes), outcomes


def test_a_revision_one_changed_digit_makes_newer_is_refused_untouched(
    template: bytes, tmp_path: Path
) -> None:
    """As ``bench/fuzz.py`` met it (seed 2500000): "8016_note_live_cards" may be a newer
    version's; refusing it untouched is the safe mistake, not a crash."""
    stored = HEAD.encode()  # in the table's row and in its key's index
    changed = template.replace(stored, b"8" + stored[1:])
    assert changed != template
    assert open_damaged(changed, tmp_path / "newer") == NEWER
