"""Reading zip archives from strangers without trusting them.

Every member is checked before anything is read: its name (no folders climbing out, no absolute
paths), its declared size, the sum of all sizes, and how far it claims to expand. Reads never
return more than a member declares (zipfile stops there and checks the CRC), and zstd streams
inside the archive are decompressed under the same limits.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from fibrolearn.domain.words import size_words
from fibrolearn.interop.errors import InteropError

_CHUNK = 1 << 20
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much an imported file may expand to.

    Attributes:
        max_members: Files inside one archive.
        max_file_bytes: Uncompressed size of any one file.
        max_total_bytes: Uncompressed size of all files together.
        max_ratio: How many times larger than its compressed form a file may become; checked
            for files over ``ratio_floor`` (tiny files compress absurdly well and do no harm).
        ratio_floor: Size below which the ratio is not checked.
    """

    max_members: int = 200_000
    # In decimal units, as sizes are said: "2.0 GB", not "2.1 GB" for 2 GiB.
    max_file_bytes: int = 2_000_000_000
    max_total_bytes: int = 8_000_000_000
    max_ratio: float = 200.0
    ratio_floor: int = 8 << 20


def check_member_name(name: str) -> None:
    """Refuse names that could point outside a folder if anyone ever wrote them to disk.

    Raises:
        InteropError: The name is absolute, climbs with ``..``, or holds a drive, backslash
            or NUL.
    """
    path = PurePosixPath(name)
    if (
        not name
        or "\x00" in name
        or "\\" in name
        or path.is_absolute()
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
    ):
        raise InteropError(
            f"The archive holds a file named {name!r}, which points outside its folder. "
            "Such names are never accepted; the file may have been made to cause harm."
        )


class SafeArchive:
    """A zip archive whose members were all checked against :class:`Limits` on opening."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
            members = self._zip.infolist()
        # NotImplementedError: zipfile's word for a version or method no zip tool writes.
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise InteropError(
                f"{path.name} is not a readable zip archive ({error}); it may be truncated "
                "or damaged."
            ) from error
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._declared = 0
        self._expanded = 0
        try:
            self._check(members)
        except InteropError:
            self._zip.close()
            raise

    def _check(self, members: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(members) > limits.max_members:
            raise InteropError(
                f"{self.path.name} holds {len(members):,} files; at most "
                f"{limits.max_members:,} are accepted."
            )
        for info in members:
            check_member_name(info.filename)
            if info.filename in self._members:
                raise InteropError(f"{self.path.name} holds two files named {info.filename!r}.")
            if info.flag_bits & 0x1:
                raise InteropError(f"{info.filename!r} in {self.path.name} is encrypted.")
            self._check_size(info.filename, info.file_size, info.compress_size)
            self._declared += info.file_size
            if self._declared > limits.max_total_bytes:
                raise InteropError(
                    f"{self.path.name} would expand to more than "
                    f"{size_words(limits.max_total_bytes)}; it is refused."
                )
            self._members[info.filename] = info

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        limits = self.limits
        if size > limits.max_file_bytes:
            raise InteropError(
                f"{name!r} in {self.path.name} would expand to {size_words(size)}, more than the "
                f"{size_words(limits.max_file_bytes)} allowed for one file."
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
            raise InteropError(
                f"{name!r} in {self.path.name} claims to expand {size / max(compressed, 1):,.0f} "
                f"times (from {size_words(compressed)} to {size_words(size)}); more than "
                f"{limits.max_ratio:,.0f} times looks like a zip bomb, so it is refused."
            )

    def names(self) -> list[str]:
        """The member names, in archive order."""
        return list(self._members)

    def has(self, name: str) -> bool:
        """Whether the archive holds ``name``."""
        return name in self._members

    def size(self, name: str) -> int:
        """The declared uncompressed size of ``name``."""
        return self._members[name].file_size

    @contextmanager
    def _open(self, name: str, zstd: bool) -> Iterator[IO[bytes]]:
        info = self._members.get(name)
        if info is None:
            raise InteropError(f"{self.path.name} has no file named {name!r}.")
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
            raise self._damaged(name, error) from error
        with raw:
            yield _ZstdLimited(raw, name, info.file_size, self) if zstd else raw

    def _read_chunk(self, stream: IO[bytes], name: str, size: int = -1) -> bytes:
        try:
            return stream.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as error:
            raise self._damaged(name, error) from error

    def _damaged(self, name: str, error: Exception) -> InteropError:
        return InteropError(
            f"{name!r} in {self.path.name} cannot be read ({error}); the archive is truncated "
            "or damaged."
        )

    def read(self, name: str, *, zstd: bool = False) -> bytes:
        """A whole member in memory (for small members: maps and metadata).

        Raises:
            InteropError: The member is missing, damaged, or expands beyond the limits.
        """
        with self._open(name, zstd) as stream:
            return self._read_chunk(stream, name)

    def copy_to(self, name: str, target: Path, *, zstd: bool = False) -> int:
        """Write a member to ``target`` in chunks; returns the bytes written.

        Raises:
            InteropError: The member is missing, damaged, or expands beyond the limits.
        """
        written = 0
        with self._open(name, zstd) as stream, target.open("wb") as out:
            while chunk := self._read_chunk(stream, name, _CHUNK):
                out.write(chunk)
                written += len(chunk)
        return written

    def check_expansion(self, name: str, produced: int, compressed: int, grown: int) -> None:
        """Account for ``grown`` more bytes a zstd member expanded to, and check the limits."""
        self._check_size(name, produced, compressed)
        self._expanded += grown
        if self._declared + self._expanded > self.limits.max_total_bytes:
            raise InteropError(
                f"{self.path.name} would expand to more than "
                f"{size_words(self.limits.max_total_bytes)}; it is refused."
            )

    def close(self) -> None:
        """Release the file."""
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _ZstdLimited(io.RawIOBase):
    """A zstd stream that refuses to expand past the archive's limits."""

    def __init__(self, raw: IO[bytes], name: str, compressed: int, archive: SafeArchive) -> None:
        import zstandard  # noqa: PLC0415 - only zstd packages need it

        super().__init__()
        self._name = name
        self._compressed = compressed
        self._archive = archive
        self._produced = 0
        self._zstd_error = zstandard.ZstdError
        self._reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            chunk = self._reader.read(len(buffer))
        except self._zstd_error as error:
            raise InteropError(
                f"{self._name!r} in {self._archive.path.name} is not valid zstd data ({error})."
            ) from error
        self._produced += len(chunk)
        self._archive.check_expansion(self._name, self._produced, self._compressed, len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)
