"""A comma between tags typed or written in a spreadsheet separates them, as in Anki's editor.

Before, "sleep,pain" was kept as one tag, which no search for tag:sleep found. Anki's own
tags (its packages, its plain-text export) are split only at spaces, as Anki splits them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_interop_import import rows, write

from fibrolearn.domain.typed_tags import typed_tags
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.services.notes_tags import same_tags


def _tags_of(services: Services, key_like: str) -> list[str]:
    found = rows(services, f"SELECT tags FROM notes WHERE key LIKE '{key_like}' ORDER BY id")
    return [tags for (tags,) in found]


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("sleep,pain", ["sleep", "pain"]),
        ("sleep, pain ,fatigue", ["sleep", "pain", "fatigue"]),
        (",,sleep,,", ["sleep"]),
        ("sleep pain", ["sleep", "pain"]),
        (" , ", []),
    ],
)
def test_a_typed_comma_ends_a_tag(typed: str, tags: list[str]) -> None:
    assert typed_tags(typed) == tags


def test_tags_typed_with_commas_are_the_same_tags_as_saved_with_spaces() -> None:
    assert same_tags("pain, sleep", "sleep pain")
    assert same_tags("sleep,pain", "sleep,pain")  # an Anki tag, shown and left as it was
    assert not same_tags("sleep,pain,fatigue", "sleep pain")


def test_tags_typed_with_commas_in_an_edit_are_saved_apart(services: Services) -> None:
    """Study's Edit (E) hands the tags as typed to the save."""
    note_id = rows(services, "SELECT id FROM notes ORDER BY id LIMIT 1")[0][0]
    services.notes.edit_fields(note_id, {}, "sleep,pain, fatigue")
    tags = rows(services, f"SELECT tags FROM notes WHERE id = {note_id}")[0][0]
    assert tags == "sleep pain fatigue"


@pytest.mark.parametrize(
    ("name", "content", "tags"),
    [
        (
            "cards.csv",
            'Question,Answer,Tags\nSleep?,Yes,"sleep, pain"\nPain?,Yes,"sleep,pain fatigue"\n',
            ["sleep pain", "sleep pain fatigue"],
        ),
        # Anki splits tags only at spaces: its own export's tags stay as Anki had them.
        (
            "notes.txt",
            "#separator:tab\n#html:false\n#tags column:3\nSleep?\tYes\tsleep,pain fatigue\n",
            ["sleep,pain fatigue"],
        ),
    ],
)
def test_a_spreadsheets_tags_column_is_split_at_commas_anki_plain_texts_is_not(
    services: Services, tmp_path: Path, name: str, content: str, tags: list[str]
) -> None:
    services.importer.run(write(tmp_path, name, content), ImportOptions())
    assert _tags_of(services, "csv-%") == tags
