"""Anki's package files (.apkg decks, .colpkg whole collections): the collection and media.

Anki has written three layouts, and reads them all; so does FibroLearn:

============  ======================  ==================  ========================================
meta version  collection file         media map           media files
============  ======================  ==================  ========================================
(none) / 1    ``collection.anki2``    JSON {"0": name}    stored as they are
2             ``collection.anki21``   JSON {"0": name}    stored as they are
3             ``collection.anki21b``  zstd(protobuf)      each zstd-compressed
============  ======================  ==================  ========================================

The collection itself is an SQLite file (zstd-compressed in the current layout); it is copied
out to a private temporary folder to be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fibrolearn.domain.anki_files import ANKI_COLLECTION_FILES
from fibrolearn.interop import anki_proto
from fibrolearn.interop.archive import SafeArchive
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.media import check_media_name
from fibrolearn.storage.json_text import parse_json

_LATEST = 3


@dataclass(frozen=True, slots=True)
class PackageMedia:
    """A media file inside the package."""

    name: str  # as Anki named it
    member: str  # the zip member holding it
    size: int
    compressed: bool  # zstd-compressed (current layout)


@dataclass(frozen=True, slots=True)
class AnkiPackage:
    """An opened package: the collection copied out, and the media still in the archive."""

    archive: SafeArchive
    collection_file: str
    collection_path: Path
    media: tuple[PackageMedia, ...]

    @property
    def label(self) -> str:
        """How the package describes itself in messages."""
        return f"Anki package {self.archive.path.name} ({self.collection_file})"


def is_anki_package(archive: SafeArchive) -> bool:
    """Whether the archive holds an Anki collection."""
    return any(archive.has(name) for name in ANKI_COLLECTION_FILES.values())


def open_package(archive: SafeArchive, workdir: Path) -> AnkiPackage:
    """Find the collection in an Anki package, copy it into ``workdir`` and read the media map.

    Raises:
        InteropError: No collection, a version this FibroLearn does not know, or a damaged
            media map or collection file.
    """
    version = _version(archive)
    collection_file = ANKI_COLLECTION_FILES[version]
    if not archive.has(collection_file):
        raise InteropError(
            f"{archive.path.name} is not an Anki package: it holds no {collection_file}."
        )
    target = workdir / "collection.sqlite"
    archive.copy_to(collection_file, target, zstd=version == _LATEST)
    media = _media(archive, latest=version == _LATEST)
    return AnkiPackage(archive, collection_file, target, media)


def _version(archive: SafeArchive) -> int:
    if archive.has("meta"):
        version = anki_proto.package_version(archive.read("meta"))
        if version > _LATEST:
            raise InteropError(
                f"{archive.path.name} was written by a newer Anki (package version {version}); "
                "FibroLearn reads versions 1 to 3. In Anki, export it again with "
                "“Support older Anki versions” ticked."
            )
        if version in ANKI_COLLECTION_FILES:
            return version
    for version, name in ANKI_COLLECTION_FILES.items():
        if archive.has(name):
            return version
    raise InteropError(
        f"{archive.path.name} is a zip archive but not an Anki package: it holds no "
        "collection.anki2, collection.anki21 or collection.anki21b."
    )


def _media(archive: SafeArchive, *, latest: bool) -> tuple[PackageMedia, ...]:
    if not archive.has("media"):
        return ()
    if latest:
        entries = [
            (entry.name, entry.member, entry.size)
            for entry in anki_proto.media_entries(archive.read("media", zstd=True))
        ]
    else:
        entries = _legacy_media_map(archive.read("media"), archive.path.name)
    media = []
    seen: set[str] = set()
    for name, member, declared in entries:
        where = f"the media list of {archive.path.name}"
        check_media_name(name, where)
        if not archive.has(member):
            raise InteropError(f"{where} names {name!r} in file {member!r}, which is missing.")
        if name in seen:
            raise InteropError(f"{where} names {name!r} twice.")
        seen.add(name)
        size = declared if latest else archive.size(member)
        media.append(PackageMedia(name, member, size, compressed=latest))
    return tuple(media)


def _legacy_media_map(blob: bytes, package: str) -> list[tuple[str, str, int]]:
    where = f"the media list of {package}"
    try:
        mapping = parse_json(blob.decode("utf-8")) if blob.strip() else {}
    except ValueError as error:  # a UnicodeDecodeError too
        raise InteropError(f"{where} is damaged: it cannot be read as JSON ({error}).") from error
    if not isinstance(mapping, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()
    ):
        raise InteropError(f"{where} is damaged: it must map file numbers to names.")
    return [(name, member, 0) for member, name in mapping.items()]
