"""Media file names: made safe for every platform, found and renamed in fields and note types."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import quote, unquote

from fibrolearn.domain.html_text import SOUND_REFERENCE
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.values import NoteTypeSpec, TemplateSpec

_UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_MAX_NAME_BYTES = 200
# Where fields name media files: HTML attributes and Anki's sound tags.
_HTML_REFERENCE = re.compile(
    r"(?P<head><(?:img|audio|video|source|object|embed)\b[^>]*?\s(?:src|data)\s*=\s*)"
    r"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE,
)
# Where style sheets name them: url(...), quoted or not (a note type's @font-face, say).
_CSS_REFERENCE = re.compile(
    r"\burl\(\s*(?P<quote>[\"']?)(?P<value>[^\"')]*)(?P=quote)\s*\)", re.IGNORECASE
)


def check_media_name(name: str, where: str) -> None:
    """Refuse a media name that holds folders, climbs out, or is absolute.

    Raises:
        InteropError: The name is not a plain file name.
    """
    if "/" in name or "\\" in name or name in ("", ".", "..") or "\x00" in name:
        raise InteropError(
            f"{where} names a media file {name!r}: media names may not hold folders or "
            "'..'. Such names are never accepted; the package may have been made to cause harm."
        )


def safe_media_name(name: str) -> str:
    """A name that is valid and harmless on Linux, macOS and Windows, as close to ``name``.

    Control and reserved characters become "_", leading dots (hidden files) and trailing dots
    and spaces go, Windows device names get a "_" in front, and long names are shortened to
    200 bytes keeping their extension.
    """
    cleaned = _UNSAFE_CHARACTERS.sub("_", unicodedata.normalize("NFC", name))
    cleaned = cleaned.lstrip(". ").rstrip(". ")
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = f"_{cleaned}"
    if len(cleaned.encode()) > _MAX_NAME_BYTES:
        stem, dot, extension = cleaned.rpartition(".")
        if not dot or len(extension) > 10:
            stem, extension = cleaned, ""
        budget = _MAX_NAME_BYTES - len(extension.encode()) - 1
        stem = stem.encode()[:budget].decode(errors="ignore")
        cleaned = f"{stem}.{extension}" if extension else stem
    return cleaned or "media"


def referenced_names(field_html: str) -> set[str]:
    """The media file names a field refers to (unescaped, as they would be on disk)."""
    names = {_attribute_value(m) for m in _HTML_REFERENCE.finditer(field_html)}
    names |= {_css_value(m) for m in _CSS_REFERENCE.finditer(field_html)}
    names |= {html.unescape(m["name"]) for m in SOUND_REFERENCE.finditer(field_html)}
    return names


def note_type_media(spec: NoteTypeSpec) -> set[str]:
    """The media files a note type's templates and CSS show.

    Anki's way to give every card of a type the same picture or font ("_logo.png"); field
    placeholders and web addresses are not files.
    """
    texts = [spec.css, *(side for t in spec.templates for side in (t.front, t.back))]
    return {
        name
        for text in texts
        for name in referenced_names(text)
        if name and "{{" not in name and ":" not in name and "/" not in name
    }


def rename_references(field_html: str, renamed: dict[str, str]) -> str:
    """The field with references to renamed media pointing at their new names."""
    if not renamed:
        return field_html

    def html_attribute(match: re.Match[str]) -> str:
        new = renamed.get(_attribute_value(match))
        if new is None:
            return match.group()
        return f'{match["head"]}"{html.escape(new, quote=True)}"'

    def css_url(match: re.Match[str]) -> str:
        new = renamed.get(_css_value(match))
        if new is None:
            return match.group()
        return f"url({match['quote']}{quote(new)}{match['quote']})"  # safe in any quotes

    def sound(match: re.Match[str]) -> str:
        new = renamed.get(html.unescape(match["name"]))
        return match.group() if new is None else f"[sound:{html.escape(new, quote=False)}]"

    renamed_html = _CSS_REFERENCE.sub(css_url, _HTML_REFERENCE.sub(html_attribute, field_html))
    return SOUND_REFERENCE.sub(sound, renamed_html)


def note_type_renamed(spec: NoteTypeSpec, renamed: dict[str, str]) -> NoteTypeSpec:
    """The note type with its templates' and CSS's references to renamed media updated."""
    if not renamed:
        return spec
    templates = tuple(
        TemplateSpec(
            t.name, rename_references(t.front, renamed), rename_references(t.back, renamed)
        )
        for t in spec.templates
    )
    return replace(spec, templates=templates, css=rename_references(spec.css, renamed))


def unique_names(originals: Iterable[str]) -> dict[str, str]:
    """A distinct safe name for every original name (two names may clean up the same way)."""
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for original in originals:
        name = safe_media_name(original)
        counter = 1
        while name.lower() in used:  # case-insensitive file systems would merge them
            counter += 1
            name = numbered(safe_media_name(original), counter)
        used.add(name.lower())
        chosen[original] = name
    return chosen


def numbered(name: str, number: int) -> str:
    """``name`` with ``-number`` before its extension: "cat.png" -> "cat-2.png"."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{number}.{extension}" if dot and stem else f"{name}-{number}"


def _attribute_value(match: re.Match[str]) -> str:
    value = next((v for v in match.group("double", "single", "bare") if v is not None), "")
    return unquote(html.unescape(value))


def _css_value(match: re.Match[str]) -> str:
    # In a style attribute the quotes may be written as &quot;
    return unquote(html.unescape(match["value"])).strip("\"' ")
