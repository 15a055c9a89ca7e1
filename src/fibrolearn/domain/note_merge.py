"""Three-way merge of a note the learner may have edited with its source's newer version.

A note that came from somewhere else (a bundled deck file, an Anki package, a CSV file) keeps
that source's last version of it. When the source brings a newer version, the learner's
changes since are told from the source's: each field the learner edited keeps the learner's
words and every other field takes the source's; tags merge the same way, ignoring case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NoteVersion:
    """A note's fields and tags (space-separated), as stored or as a source gives them."""

    fields: Mapping[str, Any]
    tags: str

    @classmethod
    def stored(cls, value: Mapping[str, Any]) -> NoteVersion:
        """Read the ``{"fields", "tags"}`` form a source's version is stored in."""
        return cls(value["fields"], value["tags"])

    def to_stored(self) -> dict[str, Any]:
        """The ``{"fields", "tags"}`` form to store."""
        return {"fields": dict(self.fields), "tags": self.tags}


@dataclass(frozen=True, slots=True)
class MergedNote:
    """The note after the merge, and whether the learner's words won anywhere."""

    fields: dict[str, Any]
    tags: str
    kept_edit: bool = False  # a field both sides changed keeps the learner's words
    lost_edit: bool = False  # the learner edited a field the source no longer has


def merge_note(mine: NoteVersion, base: NoteVersion | None, theirs: NoteVersion) -> MergedNote:
    """Merge the stored note ``mine`` with the source's new version ``theirs``.

    ``base`` is the source's version ``mine`` started from; without one nothing is known to be
    the learner's, so the source's version is taken whole. The fields are those of ``theirs``.
    """
    if base is None:
        return MergedNote(dict(theirs.fields), theirs.tags)
    before = base.fields
    edited = {name for name in theirs.fields if mine.fields.get(name, "") != before.get(name, "")}
    fields = {
        name: mine.fields.get(name, "") if name in edited else value
        for name, value in theirs.fields.items()
    }
    kept = any(
        theirs.fields[name] not in (before.get(name, ""), mine.fields.get(name, ""))
        for name in edited
    )
    gone = (set(mine.fields) | set(before)) - set(theirs.fields)
    lost = any(mine.fields.get(name, "") != before.get(name, "") for name in gone)
    tags = merge_tags(mine.tags, base.tags, theirs.tags)
    return MergedNote(fields, tags, kept_edit=kept, lost_edit=lost)


def merge_tags(current: str, base: str, theirs: str) -> str:
    """The learner's tags with the source's changes since ``base`` applied.

    Tags compare ignoring case, as everywhere in the app; each appears once, first spelling kept.
    """
    before = {tag.casefold() for tag in base.split()}
    removed_by_source = before - {tag.casefold() for tag in theirs.split()}
    kept = [tag for tag in current.split() if tag.casefold() not in removed_by_source]
    added = [tag for tag in theirs.split() if tag.casefold() not in before]
    once: dict[str, str] = {}
    for tag in kept + added:
        once.setdefault(tag.casefold(), tag)
    return " ".join(once.values())
