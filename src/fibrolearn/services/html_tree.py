"""The elements the HTML parser holds open, followed tag by tag as its tree builder does.

html_depth reads a card's tags and asks this how deep they leave the parser (html5ever, in
nh3). The parser keeps one stack of open elements and a list of the formatting elements it
copies back into later content (html_stack); its rules say, for each tag, what that tag ends,
begins or moves. These are its rules for a fragment in a <div>, as a card is parsed, in the
body ("insertion mode"); those in tables and templates are html_tables'.

Where the parser's rules turn on what this does not read (attributes alike in all but their
character references, for the list's "Noah's Ark" rule), html_depth leaves the tag out.
"""

from __future__ import annotations

from html import unescape

from fibrolearn.services.html_stack import FORMATTING, HEADINGS, IMPLIED, Entry
from fibrolearn.services.html_tables import (
    BODY,
    COLUMN_GROUP,
    END_IN,
    ROW,
    START_IN,
    TABLE,
    TABLE_BODY,
    TEMPLATE,
    TableRules,
)

# And, when a template ends, the table parts left open in it.
_THOROUGHLY_IMPLIED = IMPLIED | {
    "caption", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"
}  # fmt: skip
# Blocks: each ends the paragraph open (in button scope) before it begins.
_CLOSE_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
        "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu",
        "nav", "ol", "p", "search", "section", "summary", "ul",
    }
)  # fmt: skip
# Their end tags end all opened in them, if in scope.
_BLOCK_ENDS = (_CLOSE_P - {"p", "dialog"}) | {"button", "dialog", "listing", "pre", "select"}
# Inserted and ended at once: they nest nothing. (Those that reconstruct formatting first, and
# those that do not.)
_VOID_REBUILDING = frozenset({"area", "br", "embed", "img", "keygen", "wbr", "image"})
_VOID_PLAIN = frozenset({"param", "source", "track", "base", "basefont", "bgsound", "link", "meta"})
# Begun and ended with their text, as one piece of markup here; <xmp> alone affects the rest.
_TEXT_ONLY_PLAIN = frozenset(
    {"iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title"}
)
# Passed over out of a table (or, for the root's and the body's, in a card).
_IGNORED_IN_BODY = frozenset(
    {"caption", "col", "colgroup", "frame", "head", "tbody", "td", "tfoot", "th", "thead", "tr",
     "html", "body", "frameset"}
)  # fmt: skip
_WHITESPACE = "\t\n\f\r "
# Text right in these goes before the table (but spaces), and reopens formatting.
_TABLE_OUTER = frozenset({"table", "tbody", "tfoot", "thead", "tr"})


class TreeBuilder(TableRules):
    """The parser's open elements, and its rules for each tag, text or comment."""

    def __init__(self) -> None:
        super().__init__()
        self.after_pre = False  # a newline right after <pre> or <listing> is dropped

    def begins_text(self) -> bool:
        """Whether a <style>, <textarea>... begun here holds text: its tokenizer reads it so.

        Not in a template's column group: the parser passes over all start tags there but
        <col> and <template>, and reads what follows as markup.
        """
        return self.current() != "template" or self.mode() != COLUMN_GROUP

    # The rules, tag by tag.

    def start(self, name: str, attributes: object = (), *, alike: list[Entry] = ()) -> None:
        """Follow the start tag ``<name>``.

        For a formatting element, ``alike`` are those in the list the parser takes for alike.
        """
        self.after_pre = False
        mode = self.mode() if self.kinds["modal"] else BODY
        if mode == BODY:
            self._start_in_body(name, attributes, alike)
        else:
            START_IN[mode](self, name, attributes, alike)

    def end(self, name: str) -> None:
        """Follow the end tag ``</name>``."""
        self.after_pre = False
        mode = self.mode() if self.kinds["modal"] else BODY
        if mode == BODY:
            self._end_in_body(name)
        else:
            END_IN[mode](self, name)

    def text(self, text: str) -> None:
        """Follow text: where it goes, the formatting ended early is opened again."""
        if "\0" in text or "&" in text:
            text = unescape(text.replace("\0", ""))  # (NUL alone is passed over)
        if self.after_pre:
            self.after_pre = False
            if text[:1] in ("\n", "\r"):  # (a CR and LF, or a CR alone, is read as a LF)
                text = text[2:] if text[:2] == "\r\n" else text[1:]
        if not text:
            return
        mode = self.mode() if self.kinds["modal"] else BODY
        if mode == COLUMN_GROUP:
            if not text.strip(_WHITESPACE) or self.current() != "colgroup":
                return  # spaces stay in it; other text is passed over
            self._pop()
            mode = self.mode()
        between_parts = mode in (TABLE, TABLE_BODY, ROW) and self.current() in _TABLE_OUTER
        if between_parts and not text.strip(_WHITESPACE):
            return  # spaces stay in the table, between its parts
        if self.active:
            self._reconstruct()

    def comment(self) -> None:
        """Follow a comment: it comes between a <pre> and a newline after it."""
        self.after_pre = False

    def _start_in_body(self, name: str, attributes: object, alike: list[Entry]) -> None:
        rule = _START_IN_BODY.get(name)
        if rule is None:
            if self.active:
                self._reconstruct()
            self._push(name)
        else:
            rule(self, name, attributes, alike)

    def _end_in_body(self, name: str) -> None:
        _END_IN_BODY.get(name, TreeBuilder._end_other)(self, name)

    def _formatting(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name == "a":
            self._end_open_link()
        self._reconstruct()
        if name == "nobr" and self._in_scope("nobr") is not None:
            self._adopt("nobr")
            self._reconstruct()
        self._add_formatting(name, attributes, alike=alike)

    def _end_open_link(self) -> None:
        """No link in a link: the parser ends one left open (and takes it out of the list)."""
        found = self.since_marker("a")
        if found:
            entry = found[-1]
            self._adopt("a")
            if any(e is entry for e in self.active):
                self._unlist(entry)
            if entry[0] in self.name_of:
                self._take_out(entry[0])

    def _close_p(self, *_: object) -> None:
        """End the paragraph open in button scope, if any, and all opened in it."""
        key = self._in_scope("p", "button") if self.where["p"] else None
        if key is not None:
            self._end_implied(but="p")
            self._pop_until(key)

    def _block(self, name: str, *_: object) -> None:
        self._close_p()
        self._push(name)

    def _heading(self, name: str, *_: object) -> None:
        self._close_p()
        if self.current() in HEADINGS:
            self._pop()
        self._push(name)

    def _pre(self, name: str, *_: object) -> None:
        self._block(name)
        self.after_pre = True

    def _item(self, name: str, *_: object) -> None:
        """Begin an item, ending the one open.

        The parser looks for it past inline elements and <address>, <div> or <p>, up to any
        other special element.
        """
        stop = self._innermost_of("item_stop")
        if stop >= 0:
            open_name = self.name_of[stop]
            if open_name == name or (name != "li" and open_name in ("dd", "dt")):
                self._end_implied(but=open_name)
                self._pop_until(stop)
        self._block(name)

    def _form(self, name: str, *_: object) -> None:
        in_template = bool(self.kinds["template"])
        if self.form is None or in_template:
            self._close_p()
            key = self._push(name)
            if not in_template:
                self.form = key

    def _button(self, name: str, *_: object) -> None:
        key = self._in_scope("button")
        if key is not None:
            self._end_implied()
            self._pop_until(key)
        self._reconstruct()
        self._push(name)

    def _marked(self, name: str, *_: object) -> None:
        self._reconstruct()
        self._push(name)
        self._mark()

    def _table(self, name: str, *_: object) -> None:
        self._close_p()
        self._push(name)

    def _rebuilding_void(self, *_: object) -> None:
        self._reconstruct()

    def _hr(self, *_: object) -> None:
        self._close_p()
        if self._in_scope("select") is not None:
            self._end_implied()

    def _xmp(self, *_: object) -> None:
        self._close_p()
        self._reconstruct()

    def _select(self, name: str, *_: object) -> None:
        key = self._in_scope("select")
        if key is not None:
            self._pop_until(key)  # a select in a select ends it
        else:
            self._reconstruct()
            self._push(name)

    def _option(self, name: str, *_: object) -> None:
        if self._in_scope("select") is not None:
            self._end_implied(but="optgroup" if name == "option" else "")
        elif self.current() == "option":
            self._pop()
        self._reconstruct()
        self._push(name)

    def _ruby_part(self, name: str, *_: object) -> None:
        if self._in_scope("ruby") is not None:
            self._end_implied(but="" if name in ("rb", "rtc") else "rtc")
        self._push(name)

    def _template(self, name: str, *_: object) -> None:
        self._push(name)
        self._mark()
        self.template_modes.append(TEMPLATE)

    def _passed_over(self, *_: object) -> None:
        pass

    # End tags.

    def _block_end(self, name: str) -> None:
        key = self._in_scope(name)
        if key is not None:
            self._end_implied()
            self._pop_until(key)

    def _p_end(self, _: str) -> None:
        self._close_p()  # (with none open, the parser begins one and ends it)

    def _item_end(self, name: str) -> None:
        key = self._in_scope(name, "list") if name == "li" else self._in_scope(name)
        if key is not None:
            self._end_implied(but=name)
            self._pop_until(key)

    def _heading_end(self, _: str) -> None:
        key = self._innermost_of("heading")
        if key >= 0 and key >= self._innermost_of("scope"):
            self._end_implied()
            self._pop_until(key)

    def _marked_end(self, name: str) -> None:
        key = self._in_scope(name)
        if key is not None:
            self._end_implied()
            self._pop_until(key)
            self._clear_to_marker()

    def _form_end(self, name: str) -> None:
        if self.kinds["template"]:
            self._block_end(name)
            return
        key, self.form = self.form, None
        if key is not None and key in self.name_of and self._innermost_of("scope") < key:
            self._end_implied()
            self._take_out(key)

    def _br_end(self, _: str) -> None:
        self._reconstruct()  # read as <br>

    def _template_end(self, _: str) -> None:
        key = self._innermost("template")
        if key >= 0:
            self._end_implied(implied=_THOROUGHLY_IMPLIED)
            self._pop_until(key)
            self._clear_to_marker()
            self.template_modes.pop()

    def _end_passed_over(self, _: str) -> None:
        pass


_START_IN_BODY = {
    **dict.fromkeys(FORMATTING, TreeBuilder._formatting),
    **dict.fromkeys(_CLOSE_P, TreeBuilder._block),
    **dict.fromkeys(HEADINGS, TreeBuilder._heading),
    **dict.fromkeys(("pre", "listing"), TreeBuilder._pre),
    **dict.fromkeys(("li", "dd", "dt"), TreeBuilder._item),
    "form": TreeBuilder._form,
    "button": TreeBuilder._button,
    **dict.fromkeys(("applet", "marquee", "object"), TreeBuilder._marked),
    "table": TreeBuilder._table,
    **dict.fromkeys(_VOID_REBUILDING, TreeBuilder._rebuilding_void),
    "hr": TreeBuilder._hr,
    "xmp": TreeBuilder._xmp,
    "select": TreeBuilder._select,
    **dict.fromkeys(("option", "optgroup"), TreeBuilder._option),
    **dict.fromkeys(("rb", "rtc", "rp", "rt"), TreeBuilder._ruby_part),
    "template": TreeBuilder._template,
    **dict.fromkeys(_VOID_PLAIN | _TEXT_ONLY_PLAIN | _IGNORED_IN_BODY, TreeBuilder._passed_over),
}
_END_IN_BODY = {
    **dict.fromkeys(FORMATTING, TreeBuilder._adopt),
    **dict.fromkeys(_BLOCK_ENDS, TreeBuilder._block_end),
    "p": TreeBuilder._p_end,
    **dict.fromkeys(("li", "dd", "dt"), TreeBuilder._item_end),
    **dict.fromkeys(HEADINGS, TreeBuilder._heading_end),
    **dict.fromkeys(("applet", "marquee", "object"), TreeBuilder._marked_end),
    "form": TreeBuilder._form_end,
    "br": TreeBuilder._br_end,
    "template": TreeBuilder._template_end,
    **dict.fromkeys(("body", "html"), TreeBuilder._end_passed_over),
}
