"""The few protobuf messages inside Anki's current package format, decoded with ``protobuf``.

Anki ≥ 2.1.50 stores the media map of a package (``MediaEntries``), the package version
(``PackageMetadata``) and the settings of note types and their templates as protobuf messages.
Rather than ship Anki's generated code, the descriptor below names only the fields FibroLearn
reads, with Anki's field numbers; the protobuf runtime skips every other field, and its
decoder (fuzzed upstream) rejects malformed input, which :func:`decode` turns into a clear
message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fibrolearn.interop.errors import InteropError

_SCHEMA = """
name: "fibrolearn_anki_subset.proto"
package: "fibrolearn.anki"
syntax: "proto3"
message_type {
  name: "PackageMetadata"
  field { name: "version" number: 1 label: LABEL_OPTIONAL type: TYPE_UINT32 }
}
message_type {
  name: "MediaEntry"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "size" number: 2 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "sha1" number: 3 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field {
    name: "legacy_zip_filename" number: 255 label: LABEL_OPTIONAL type: TYPE_UINT32
    oneof_index: 0 proto3_optional: true
  }
  oneof_decl { name: "_legacy_zip_filename" }
}
message_type {
  name: "MediaEntries"
  field {
    name: "entries" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
    type_name: ".fibrolearn.anki.MediaEntry"
  }
}
message_type {
  name: "NotetypeConfig"
  field { name: "kind" number: 1 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "css" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "original_stock_kind" number: 9 label: LABEL_OPTIONAL type: TYPE_UINT32 }
}
message_type {
  name: "TemplateConfig"
  field { name: "q_format" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "a_format" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
}
"""


@dataclass(frozen=True, slots=True)
class MediaEntry:
    """One media file of a package: its name, size, and the zip member holding it."""

    name: str
    size: int
    member: str


@cache
def _message_class(name: str) -> Any:
    from google.protobuf import (  # noqa: PLC0415 - only Anki packages need protobuf
        descriptor_pb2,
        descriptor_pool,
        message_factory,
        text_format,
    )

    pool = descriptor_pool.DescriptorPool()  # private: never clashes with another user's types
    pool.Add(text_format.Parse(_SCHEMA, descriptor_pb2.FileDescriptorProto()))
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"fibrolearn.anki.{name}"))


def decode(name: str, blob: bytes, where: str) -> Any:
    """Decode ``blob`` as message ``name``.

    Raises:
        InteropError: The bytes are not a valid message; ``where`` names what they were.
    """
    from google.protobuf.message import DecodeError  # noqa: PLC0415

    message = _message_class(name)()
    try:
        message.ParseFromString(bytes(blob))
    except DecodeError as error:
        raise InteropError(
            f"{where} is damaged: it is not a valid {name} message ({error})."
        ) from error
    return message


def package_version(blob: bytes) -> int:
    """The version in a package's ``meta`` file: 1 and 2 legacy, 3 the current format."""
    return int(decode("PackageMetadata", blob, "the package's meta file").version)


def media_entries(blob: bytes) -> list[MediaEntry]:
    """The media map of a current-format package: entry i is zip member "i" unless it says."""
    message = decode("MediaEntries", blob, "the package's media list")
    return [
        MediaEntry(
            name=entry.name,
            size=entry.size,
            member=str(
                entry.legacy_zip_filename if entry.HasField("legacy_zip_filename") else index
            ),
        )
        for index, entry in enumerate(message.entries)
    ]


def notetype_config(blob: bytes, where: str) -> tuple[int, str, int]:
    """(kind, css, original stock kind) of a schema-18 note type; kind 1 is cloze."""
    message = decode("NotetypeConfig", blob, where)
    return int(message.kind), str(message.css), int(message.original_stock_kind)


def template_config(blob: bytes, where: str) -> tuple[str, str]:
    """(question format, answer format) of a schema-18 card template."""
    message = decode("TemplateConfig", blob, where)
    return str(message.q_format), str(message.a_format)


def encode_package_version(version: int) -> bytes:
    """A package's ``meta`` file saying which layout it uses."""
    return _message_class("PackageMetadata")(version=version).SerializeToString()
