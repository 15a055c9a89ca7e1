"""An import's media files: staged first, moved into the media folder once the notes commit.

The staging folder sits beside the media folder (same file system), so the final move is a
rename. A name already taken in the media folder by a file with the same content is reused; by a
different file, the new one gets a numbered name and the notes are pointed at it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.media import numbered
from fibrolearn.interop.values import MediaFile

_CHUNK = 1 << 20


@dataclass(slots=True)
class StagedMedia:
    """What staging decided.

    Attributes:
        renamed: Package name -> the different name it gets to avoid a clash.
        added: Files that will be new in the media folder.
        identical: Files the media folder already had, byte for byte.
    """

    renamed: dict[str, str] = field(default_factory=dict)
    added: int = 0
    identical: int = 0


class MediaStaging:
    """A private folder beside ``media_dir`` holding an import's media until commit."""

    def __init__(self, media_dir: Path) -> None:
        self._media_dir = media_dir
        self._folder = media_dir.parent / f".media-import-{uuid.uuid4().hex}"
        self._moves: list[tuple[Path, Path]] = []

    def stage(self, files: Sequence[MediaFile], step: Callable[[], None]) -> StagedMedia:
        """Write every file into the staging folder and choose its final name.

        ``step`` is called after each file (for progress, and to let a cancel stop the work).

        Raises:
            InteropError: A file cannot be read from the package or written here.
        """
        result = StagedMedia()
        claimed: set[str] = set()
        try:
            if files:
                self._folder.mkdir(parents=True)
            for index, media in enumerate(files):
                staged = self._folder / str(index)
                media.save(staged)
                final = self._final_name(media.name, staged, claimed)
                if final is None:
                    staged.unlink()
                    result.identical += 1
                else:
                    claimed.add(final.lower())
                    if final != media.name:
                        result.renamed[media.name] = final
                    self._moves.append((staged, self._media_dir / final))
                    result.added += 1
                step()
        except OSError as error:
            raise InteropError(
                f"Media files cannot be written to {self._folder.parent}: "
                f"{error.strerror or error}."
            ) from error
        return result

    def _final_name(self, name: str, staged: Path, claimed: set[str]) -> str | None:
        """The name to move to, or None when the media folder already has this very file."""
        digest: str | None = None
        number = 1
        candidate = name
        while True:
            existing = self._media_dir / candidate
            if candidate.lower() not in claimed and not existing.exists():
                return candidate
            if existing.is_file():
                digest = digest or _sha1(staged)
                if _sha1(existing) == digest:
                    return None
            number += 1
            candidate = numbered(name, number)

    def commit(self) -> None:
        """Move the staged files into the media folder (after the notes were committed).

        Raises:
            InteropError: A file could not be moved; the staging folder is kept so nothing is
                lost, and the message names it.
        """
        try:
            if self._moves:
                self._media_dir.mkdir(parents=True, exist_ok=True)
            for staged, final in self._moves:
                os.replace(staged, final)
        except OSError as error:
            raise InteropError(
                f"The notes were imported, but some media files could not be moved into "
                f"{self._media_dir} ({error.strerror or error}); they are in {self._folder}."
            ) from error
        self.discard()

    def discard(self) -> None:
        """Remove the staging folder and whatever is left in it."""
        self._moves.clear()
        shutil.rmtree(self._folder, ignore_errors=True)


def _sha1(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
