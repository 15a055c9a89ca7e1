"""An import's media files: staged first, put in the media folder just before the notes commit.

The staging folder sits beside the media folder, where the final move is usually a rename (a
media folder linked to another disk gets copies). The files go in place inside the import's
transaction, before it commits, and are taken out again if anything fails before the commit
ends: so notes are never kept without their pictures, and a crash at worst leaves new files no
note shows yet. A name already taken in the media folder by a file with the same content is
reused; by a different file, the new one gets a numbered name and the notes are pointed at it.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fibrolearn.interop.errors import refused_by_disk
from fibrolearn.interop.media import numbered
from fibrolearn.interop.values import MediaFile

_CHUNK = 1 << 20


@dataclass(slots=True)
class StagedMedia:
    """What staging decided.

    Attributes:
        renamed: Package name -> the different name the file goes by: one it gets to avoid
            a clash, or the one the same file already has in the media folder.
        added: Files that will be new in the media folder.
        added_renamed: Those of them that get a new name to avoid a clash.
        identical: Files the media folder already had, byte for byte.
    """

    renamed: dict[str, str] = field(default_factory=dict)
    added: int = 0
    added_renamed: int = 0
    identical: int = 0


# Not the ".media-import-" of earlier versions, which kept in such a folder the media of
# notes they had committed when moving them failed: those are the only copies.
STAGING_PREFIX = ".media-staging-"
_NOTHING_IMPORTED = "Nothing was imported."


class MediaStaging:
    """A private folder beside ``media_dir`` holding an import's media until commit."""

    def __init__(self, media_dir: Path) -> None:
        self._media_dir = media_dir
        self._folder = media_dir.parent / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        self._moves: list[tuple[Path, Path]] = []
        self._placed: list[Path] = []  # moved into the media folder, until the commit ends

    def stage(self, files: Sequence[MediaFile], step: Callable[[], None]) -> StagedMedia:
        """Write every file into the staging folder and choose its final name.

        ``step`` is called after each file (for progress, and to let a cancel stop the work).

        Raises:
            InteropError: A file cannot be read from the package or written here.
        """
        result = StagedMedia()
        claimed: set[str] = set()
        # What an import cut short by a crash left; imports run one at a time, in the one
        # process that holds the data folder.
        for leftover in self._folder.parent.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        try:
            if files:
                self._folder.mkdir(parents=True)
            for index, media in enumerate(files):
                staged = self._folder / str(index)
                media.save(staged)
                final, there = self._final_name(media.name, staged, claimed)
                if final != media.name:
                    result.renamed[media.name] = final
                if there:
                    staged.unlink()
                    result.identical += 1
                else:
                    claimed.add(final.lower())
                    self._moves.append((staged, self._media_dir / final))
                    result.added += 1
                    result.added_renamed += final != media.name
                step()
        except OSError as error:
            failed = f"Media files cannot be written to {self._folder.parent}"
            raise refused_by_disk(failed, error, "import again", _NOTHING_IMPORTED) from error
        return result

    def _final_name(self, name: str, staged: Path, claimed: set[str]) -> tuple[str, bool]:
        """The name the file goes by, and whether the media folder has this very file there.

        That may be a numbered name: the file a package brought again, after it had clashed
        with another of the same name (a second deck's "_logo.png" is "_logo-2.png").
        """
        digest: str | None = None
        number = 1
        candidate = name
        while True:
            existing = self._media_dir / candidate
            if candidate.lower() not in claimed and not existing.exists():
                return candidate, False
            if existing.is_file():
                digest = digest or _sha1(staged)
                if _sha1(existing) == digest:
                    return candidate, True
            number += 1
            candidate = numbered(name, number)

    def place(self) -> None:
        """Put the staged files in the media folder, inside the import's transaction.

        Call :meth:`discard` if the transaction does not commit: it takes them out again.

        Raises:
            InteropError: A file could not be put there; none of them stays.
        """
        try:
            if self._moves:
                self._media_dir.mkdir(parents=True, exist_ok=True)
            for staged, final in self._moves:
                # Taken out again on failure even if cut short (a copy onto a full disk): the
                # name was free.
                self._placed.append(final)
                shutil.move(staged, final)  # a rename, or a copy onto another disk
        except OSError as error:
            self.discard()
            failed = f"Media files cannot be put in {self._media_dir}"
            raise refused_by_disk(failed, error, "import again", _NOTHING_IMPORTED) from error

    def done(self) -> None:
        """The notes committed: the files stay, and the staging folder goes."""
        self._placed.clear()
        self.discard()

    def discard(self) -> None:
        """Take out what was put in the media folder, and remove the staging folder."""
        for placed in self._placed:
            placed.unlink(missing_ok=True)
        self._placed.clear()
        self._moves.clear()
        shutil.rmtree(self._folder, ignore_errors=True)


def _sha1(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
