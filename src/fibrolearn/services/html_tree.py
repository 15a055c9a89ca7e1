"""The elements the HTML parser holds open, followed tag by tag as its tree builder does.

html_depth reads a card's tags and asks this how deep they leave the parser (html5ever, in
nh3). The parser keeps one stack of open elements and a list of the formatting elements it
copies back into later content; its rules say, for each tag, what that tag ends, begins or
moves. These are its rules for a fragment in a <div>, as a card is parsed: the body's, the
tables', the templates' ("insertion modes"). Its mode is always the one that the innermost
table part or template open sets, so it is found from those rather than kept.

Each element open has a key, larger for those further in, so that its place can be compared
with another's without walking the stack: the parser's searches ("is there a <p> in button
scope", "is a special element above this <span>") become comparisons of the innermost key of a
name with the innermost key of a kind. Only one step puts an element between two others (the
adoption agency's, a formatting element moved above the block that ends it): it gets a key
between theirs.

Where the parser's rules turn on what this does not read (attributes alike in all but their
character references, for the list's "Noah's Ark" rule), html_depth leaves the tag out.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from html import unescape

BODY, TABLE, TABLE_BODY, ROW, CELL, CAPTION, COLUMN_GROUP, TEMPLATE = range(8)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The parser's "special" elements: an end tag for another ends nothing past one of them.
_SPECIAL = frozenset(
    {
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound",
        "blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "dd",
        "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "head", "header", "hgroup", "hr", "html",
        "iframe", "img", "input", "isindex", "li", "link", "listing", "main", "marquee", "menu",
        "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param",
        "plaintext", "pre", "script", "section", "select", "source", "style", "summary", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track",
        "ul", "wbr", "xmp", *_HEADINGS,
    }
)  # fmt: skip
FORMATTING = frozenset(
    {
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    }
)
# Ended by the parser, when it "generates implied end tags", if innermost.
_IMPLIED = frozenset({"dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc"})
_THOROUGHLY_IMPLIED = _IMPLIED | {
    "caption",
    "colgroup",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
}
_TABLE_SECTIONS = frozenset({"tbody", "tfoot", "thead"})
_CELLS = frozenset({"td", "th"})
_MODES = {
    "td": CELL, "th": CELL, "tr": ROW, "tbody": TABLE_BODY, "thead": TABLE_BODY,
    "tfoot": TABLE_BODY, "caption": CAPTION, "colgroup": COLUMN_GROUP, "table": TABLE,
}  # fmt: skip
# Kinds of element whose innermost open one the rules ask for, each with its members. (The
# <html> root, in every scope, is below the stack kept here: "none open" stands for it.)
_KIND_MEMBERS = {
    "special": _SPECIAL,
    "scope": {"applet", "caption", "table", "td", "th", "marquee", "object", "select", "template"},
    "list": {"ol", "ul"},  # with those of "scope", the bounds of "list item scope"
    "button": {"button"},  # and of "button scope"
    "table": {"table", "template"},  # the bounds of "table scope"
    "item_stop": _SPECIAL - {"address", "div", "p"},  # where an item's search stops
    "heading": _HEADINGS,
    "modal": {*_MODES, "template"},  # those that set the insertion mode
    "template": {"template"},
}
_KINDS: dict[str, tuple[str, ...]] = defaultdict(tuple)
for _kind, _members in _KIND_MEMBERS.items():
    for _name in _members:
        _KINDS[_name] += (_kind,)
_KINDS = dict(_KINDS)

_CLOSE_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
        "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu",
        "nav", "ol", "p", "search", "section", "summary", "ul",
    }
)  # fmt: skip
_BLOCK_ENDS = (_CLOSE_P - {"p", "dialog"}) | {"button", "dialog", "listing", "pre", "select"}
# Inserted and ended at once: they nest nothing. (Those that reconstruct formatting first, and
# those that do not.)
_VOID_REBUILDING = frozenset({"area", "br", "embed", "img", "keygen", "wbr", "image"})
_VOID_PLAIN = frozenset({"param", "source", "track", "base", "basefont", "bgsound", "link", "meta"})
# Begun and ended with their text, as one piece of markup here; <xmp> alone affects the rest.
_TEXT_ONLY_PLAIN = frozenset(
    {"iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title"}
)
_IGNORED_IN_BODY = frozenset(
    {"caption", "col", "colgroup", "frame", "head", "tbody", "td", "tfoot", "th", "thead", "tr",
     "html", "body", "frameset"}
)  # fmt: skip
_TABLE_PARTS_START = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
_WHITESPACE = "\t\n\f\r "


_TABLE_OUTER = frozenset({"table", "tbody", "tfoot", "thead", "tr"})
_TABLE_CONTEXT = frozenset({"table", "template"})
_BODY_CONTEXT = frozenset({"tbody", "tfoot", "thead", "template"})
_ROW_CONTEXT = frozenset({"tr", "template"})
_IN_HEAD = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style", "title"}
)
_TEMPLATE_MODES = {
    "caption": TABLE, "colgroup": TABLE, "tbody": TABLE, "tfoot": TABLE, "thead": TABLE,
    "col": COLUMN_GROUP, "tr": TABLE_BODY, "td": ROW, "th": ROW,
}  # fmt: skip
_NOT_ON_STACK = -2.0  # the key of a form the parser points to but never held open

Entry = list  # [key, name, attributes]: a formatting element the list holds


class OpenElements:
    """The parser's stack of open elements and list of active formatting elements."""

    def __init__(self) -> None:
        self.keys: list[float] = []  # innermost last, rising
        self.names: list[str] = []
        self.name_of: dict[float, str] = {}
        self.where: dict[str, list[float]] = defaultdict(list)  # each name's keys, rising
        self.kinds: dict[str, list[float]] = {kind: [] for kind in _KIND_MEMBERS}
        # The formatting elements to open again when ended early; None for a marker (a cell,
        # marquee... holding its own). Those the list holds, by key.
        self.active: list[Entry | None] = []
        self.listed: dict[float, Entry] = {}
        self.template_modes: list[int] = []
        self.form: float | None = None
        self.serial = 0
        self.after_pre = False  # a newline right after <pre> or <listing> is dropped

    @property
    def formatting(self) -> int:
        """The formatting elements in the list, open or to be opened again."""
        return len(self.listed)

    # The stack.

    def _push(self, name: str) -> float:
        self.serial = key = self.serial + 1
        self.keys.append(key)
        self.names.append(name)
        self.name_of[key] = name
        self.where[name].append(key)
        if name in _KINDS:
            for kind in _KINDS[name]:
                self.kinds[kind].append(key)
        return key

    def _pop(self) -> str:
        name = self.names[-1]
        self._truncate(len(self.names) - 1)
        return name

    def _truncate(self, at: int) -> None:
        """End the elements open from the ``at``-th in."""
        where, name_of, kinds = self.where, self.name_of, self.kinds
        for key, name in zip(self.keys[at:], self.names[at:], strict=True):
            del name_of[key]
            where[name].pop()  # (each list's last ones, in any order)
            if name in _KINDS:
                for kind in _KINDS[name]:
                    kinds[kind].pop()
        del self.keys[at:], self.names[at:]
        if self.names and not self.names[-1]:
            self._pop()  # a form or link ended out of turn, with nothing in it open any more

    def _remove(self, key: float) -> None:
        """Take the element ``key`` out of the stack, wherever it is."""
        at = bisect_left(self.keys, key)
        name = self.names[at]
        del self.keys[at], self.names[at], self.name_of[key]
        self.where[name].remove(key)
        for kind in _KINDS.get(name, ()):
            self.kinds[kind].remove(key)

    def _insert_above(self, below: float, name: str) -> float:
        """Put a ``name`` right above the element ``below`` (or where it was), keyed between.

        The adoption agency does, above the block it moves a formatting element into: no more
        often in one gap than there are formatting elements in the list.
        """
        at = bisect_left(self.keys, below) + (below in self.name_of)
        above = self.keys[at] if at < len(self.keys) else below + 1
        key = (below + above) / 2
        while key in self.listed or key == self.form:  # the key of one ended, still pointed to
            key = (key + above) / 2
        self.keys.insert(at, key)
        self.names.insert(at, name)
        self.name_of[key] = name
        insort(self.where[name], key)
        return key

    def _take_out(self, key: float) -> None:
        """End the element ``key`` alone, as the parser ends a form or a link out of turn.

        What was opened in it stays in it, in the tree: a nameless element stands for it.
        """
        if key == self.keys[-1]:
            self._pop()
        else:
            self._remove(key)
            self._insert_above(key, "")

    def _pop_until(self, key: float) -> None:
        """End the element ``key`` and all opened after it."""
        at = bisect_left(self.keys, key)
        if at < len(self.keys):
            self._truncate(at)

    def _clear_back_to(self, names: frozenset[str]) -> None:
        """End the elements open until the innermost is one of ``names`` (or none is)."""
        while self.names and self.names[-1] not in names:
            self._pop()

    def _end_implied(self, but: str = "", implied: frozenset[str] = _IMPLIED) -> None:
        """End the items, paragraphs... innermost, as the parser's "implied end tags" do."""
        while self.names and self.names[-1] in implied and self.names[-1] != but:
            self._pop()

    # What the rules ask of it.

    def _innermost(self, name: str) -> float:
        keys = self.where.get(name)
        return keys[-1] if keys else -1

    def _innermost_of(self, kind: str) -> float:
        keys = self.kinds[kind]
        return keys[-1] if keys else -1

    def _in_scope(self, name: str, *bounds: str) -> float | None:
        """The innermost ``name`` open, if no bound of the scope is open inside it.

        (It may be one itself: the search looks at each element before asking if it is a bound.)
        """
        keys = self.where.get(name)
        if not keys:
            return None
        key = keys[-1]
        for kind in ("scope", *bounds):
            bound = self.kinds[kind]
            if bound and bound[-1] > key:
                return None
        return key

    def _in_table_scope(self, *names: str) -> float | None:
        key = max(self._innermost(name) for name in names)
        return key if key >= 0 and key >= self._innermost_of("table") else None

    def current(self) -> str:
        """The name of the innermost element open ("html", the root, if none is)."""
        return self.names[-1] if self.names else "html"

    def mode(self) -> int:
        """The insertion mode: set by the innermost table part or template open."""
        modal = self.kinds["modal"]
        if not modal:
            return BODY
        name = self.name_of[modal[-1]]
        return self.template_modes[-1] if name == "template" else _MODES[name]

    def depth_rebuilt(self) -> int:
        """The elements open, with the formatting ones the next text or tag would open again."""
        depth = len(self.keys)
        for entry in reversed(self.active):
            if entry is None or entry[0] in self.name_of:
                break
            depth += 1
        return depth

    # The list of active formatting elements.

    def _reconstruct(self) -> None:
        """Open again the formatting elements in the list ended early, after its last marker.

        The parser does, before text and most start tags.
        """
        active = self.active
        if not active or active[-1] is None or active[-1][0] in self.name_of:
            return
        at = len(active) - 1
        while at > 0 and active[at - 1] is not None and active[at - 1][0] not in self.name_of:
            at -= 1
        entries = active[at:]
        keys = range(self.serial + 1, self.serial + 1 + len(entries))
        names = [entry[1] for entry in entries]
        self.serial = keys[-1]
        for entry, key in zip(entries, keys, strict=True):  # (formatting: of no kind)
            del self.listed[entry[0]]
            entry[0] = key
            self.where[entry[1]].append(key)
        self.listed.update(zip(keys, entries, strict=True))
        self.name_of.update(zip(keys, names, strict=True))
        self.keys.extend(keys)
        self.names.extend(names)

    def since_marker(self, name: str) -> list[Entry]:
        """The formatting elements ``name`` in the list after its last marker, in order."""
        found = []
        for entry in reversed(self.active):
            if entry is None:
                break
            if entry[1] == name:
                found.append(entry)
        return found[::-1]

    def _add_formatting(self, name: str, attributes: object, *, alike: list[Entry]) -> None:
        """Begin a formatting element; with three ``alike`` in the list, the first leaves it."""
        if len(alike) >= 3:
            self._unlist(alike[0])
        key = self._push(name)
        self.listed[key] = entry = [key, name, attributes]
        self.active.append(entry)

    def _unlist(self, entry: Entry) -> None:
        del self.listed[entry[0]]
        self.active.remove(entry)

    def _mark(self) -> None:
        self.active.append(None)

    def _clear_to_marker(self) -> None:
        while self.active:
            entry = self.active.pop()
            if entry is None:
                return
            del self.listed[entry[0]]

    def _adopt(self, name: str) -> None:
        """Follow the end tag of a formatting element ``name``: the "adoption agency".

        It ends the element and all opened after it, or, with a block opened in it, moves
        the element into the block.
        """
        if self.current() == name and self.keys[-1] not in self.listed:
            self._pop()
            return
        for _ in range(8):
            found = self.since_marker(name)
            if not found:
                self._end_other(name)
                return
            entry = found[-1]
            element = entry[0]
            if element not in self.name_of:
                self._unlist(entry)
                return
            if self._innermost_of("scope") > element:
                return  # not in scope: passed over
            special = self.kinds["special"]
            at = bisect_left(special, element)
            if at == len(special):
                self._pop_until(element)
                self._unlist(entry)
                return
            self._move_into(entry, special[at])

    def _move_into(self, entry: Entry, block: float) -> None:
        """Follow the adoption agency's steps with a furthest block, ``block``.

        The elements between ``entry``'s and the block end, but formatting ones (three at
        most), copied in place; a copy of ``entry``'s element goes into the block, right above
        it in the stack.
        """
        element = entry[0]
        bookmark = entry
        at = bisect_left(self.keys, block)
        steps = 0
        while True:
            steps += 1
            at -= 1
            node = self.keys[at]
            if node == element:
                break
            listed = self.listed.get(node)
            if listed is not None and steps > 3:
                self._unlist(listed)
                listed = None
            if listed is None:
                self._remove(node)
            elif bookmark is entry:
                bookmark = listed  # the first copied (a copy keeps its key, here and in the list)
        self._remove(element)
        key = self._insert_above(block, entry[1])
        copy = [key, entry[1], entry[2]]
        self.listed[key] = copy
        del self.listed[element]
        if bookmark is entry:
            self.active[self._index(entry)] = copy
        else:
            self.active.insert(self._index(bookmark) + 1, copy)
            del self.active[self._index(entry)]

    def _index(self, entry: Entry) -> int:
        return next(at for at, e in enumerate(self.active) if e is entry)

    def _end_other(self, name: str) -> None:
        """Follow an end tag with no rule of its own.

        It ends the innermost ``name`` and all opened after it, unless a special element is
        open inside that (or none is open).
        """
        key = self._innermost(name)
        if key >= 0 and key >= self._innermost_of("special"):
            self._pop_until(key)

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
            _START_IN[mode](self, name, attributes, alike)

    def end(self, name: str) -> None:
        """Follow the end tag ``</name>``."""
        self.after_pre = False
        mode = self.mode() if self.kinds["modal"] else BODY
        if mode == BODY:
            _END_IN_BODY.get(name, OpenElements._end_other)(self, name)
        else:
            _END_IN[mode](self, name)

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
        mode = self.mode()
        if mode == COLUMN_GROUP:
            if not text.strip(_WHITESPACE) or self.current() != "colgroup":
                return  # spaces stay in it; other text is passed over
            self._pop()
            mode = self.mode()
        between_parts = mode in (TABLE, TABLE_BODY, ROW) and self.current() in _TABLE_OUTER
        if between_parts and not text.strip(_WHITESPACE):
            return  # spaces stay in the table, between its parts
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
        if self.current() in _HEADINGS:
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

    def _start_in_table(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in ("caption", "colgroup") or name in _TABLE_SECTIONS:
            self._clear_back_to(_TABLE_CONTEXT)
            if name == "caption":
                self._mark()
            self._push(name)
        elif name == "col":
            self._clear_back_to(_TABLE_CONTEXT)
            self._push("colgroup")  # (and the <col> in it, ended at once)
        elif name in ("td", "th", "tr"):
            self._clear_back_to(_TABLE_CONTEXT)
            self._push("tbody")
            self._start_in_table_body(name, attributes, alike)
        elif name == "table":
            key = self._in_table_scope("table")
            if key is not None:
                self._pop_until(key)
                self.start(name, attributes)
        elif name == "template":
            self._template(name)
        elif name == "form":
            if self.form is None and not self.kinds["template"]:
                self.form = _NOT_ON_STACK
        elif name not in ("style", "script"):
            self._start_in_body(name, attributes, alike)  # put before the table

    def _start_in_table_body(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in ("tr", "td", "th"):
            self._clear_back_to(_BODY_CONTEXT)
            self._push("tr")
            if name != "tr":
                self._start_in_row(name, attributes, alike)
        elif name in ("caption", "col", "colgroup") or name in _TABLE_SECTIONS:
            if self._in_table_scope("table", "tbody", "tfoot") is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_table(name, attributes, alike)

    def _start_in_row(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _CELLS:
            self._clear_back_to(_ROW_CONTEXT)
            self._push(name)
            self._mark()
        elif name in _TABLE_PARTS_START:
            if self._in_table_scope("tr") is not None:
                self._clear_back_to(_ROW_CONTEXT)
                self._pop()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_table(name, attributes, alike)

    def _start_in_cell(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _TABLE_PARTS_START:
            if self._in_table_scope("td", "th") is not None:
                self._close_cell()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_body(name, attributes, alike)

    def _close_cell(self) -> None:
        self._end_implied()
        self._pop_until(max(self._innermost("td"), self._innermost("th")))
        self._clear_to_marker()

    def _start_in_caption(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _TABLE_PARTS_START:
            if self._close_caption():
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_body(name, attributes, alike)

    def _close_caption(self) -> bool:
        key = self._in_table_scope("caption")
        if key is not None:
            self._end_implied()
            self._pop_until(key)
            self._clear_to_marker()
        return key is not None

    def _start_in_column_group(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name == "template":
            self._template(name)
        elif name not in ("col", "html") and self.current() == "colgroup":
            self._pop()
            self.start(name, attributes, alike=alike)

    def _start_in_template(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name == "template":
            self._template(name)
        elif name not in _IN_HEAD:
            self.template_modes[-1] = _TEMPLATE_MODES.get(name, BODY)
            self.start(name, attributes, alike=alike)

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

    def _end_in_table(self, name: str) -> None:
        if name == "table":
            key = self._in_table_scope("table")
            if key is not None:
                self._pop_until(key)
        elif name == "template":
            self._template_end(name)
        elif name not in _IGNORED_END_IN_TABLE:
            _END_IN_BODY.get(name, OpenElements._end_other)(self, name)

    def _end_in_table_body(self, name: str) -> None:
        if name in _TABLE_SECTIONS:
            if self._in_table_scope(name) is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
        elif name == "table":
            if self._in_table_scope("table", "tbody", "tfoot") is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
                self.end(name)
        elif name not in ("td", "th", "tr"):
            self._end_in_table(name)

    def _end_in_row(self, name: str) -> None:
        ends_row = name in ("tr", "table") or name in _TABLE_SECTIONS
        if ends_row and (name in ("tr", "table") or self._in_table_scope(name) is not None):
            if self._in_table_scope("tr") is not None:
                self._clear_back_to(_ROW_CONTEXT)
                self._pop()
                if name != "tr":
                    self.end(name)
        elif name not in ("td", "th"):
            self._end_in_table(name)

    def _end_in_cell(self, name: str) -> None:
        if name in _CELLS:
            key = self._in_table_scope(name)
            if key is not None:
                self._end_implied()
                self._pop_until(key)
                self._clear_to_marker()
        elif name in ("table", "tr") or name in _TABLE_SECTIONS:
            if self._in_table_scope(name) is not None:
                self._close_cell()
                self.end(name)
        elif name not in ("body", "caption", "col", "colgroup", "html"):
            _END_IN_BODY.get(name, OpenElements._end_other)(self, name)

    def _end_in_caption(self, name: str) -> None:
        if name in ("caption", "table"):
            if self._close_caption() and name == "table":
                self.end(name)
        elif name not in _IGNORED_END_IN_TABLE:
            _END_IN_BODY.get(name, OpenElements._end_other)(self, name)

    def _end_in_column_group(self, name: str) -> None:
        if name == "template":
            self._template_end(name)
        elif name != "col" and self.current() == "colgroup":
            self._pop()
            if name != "colgroup":
                self.end(name)

    def _end_in_template(self, name: str) -> None:
        if name == "template":
            self._template_end(name)


_IGNORED_END_IN_TABLE = frozenset(
    {"body", "caption", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
_START_IN_BODY = {
    **dict.fromkeys(FORMATTING, OpenElements._formatting),
    **dict.fromkeys(_CLOSE_P, OpenElements._block),
    **dict.fromkeys(_HEADINGS, OpenElements._heading),
    **dict.fromkeys(("pre", "listing"), OpenElements._pre),
    **dict.fromkeys(("li", "dd", "dt"), OpenElements._item),
    "form": OpenElements._form,
    "button": OpenElements._button,
    **dict.fromkeys(("applet", "marquee", "object"), OpenElements._marked),
    "table": OpenElements._table,
    **dict.fromkeys(_VOID_REBUILDING, OpenElements._rebuilding_void),
    "hr": OpenElements._hr,
    "xmp": OpenElements._xmp,
    "select": OpenElements._select,
    **dict.fromkeys(("option", "optgroup"), OpenElements._option),
    **dict.fromkeys(("rb", "rtc", "rp", "rt"), OpenElements._ruby_part),
    "template": OpenElements._template,
    **dict.fromkeys(_VOID_PLAIN | _TEXT_ONLY_PLAIN | _IGNORED_IN_BODY, OpenElements._passed_over),
}
_END_IN_BODY = {
    **dict.fromkeys(FORMATTING, OpenElements._adopt),
    **dict.fromkeys(_BLOCK_ENDS, OpenElements._block_end),
    "p": OpenElements._p_end,
    **dict.fromkeys(("li", "dd", "dt"), OpenElements._item_end),
    **dict.fromkeys(_HEADINGS, OpenElements._heading_end),
    **dict.fromkeys(("applet", "marquee", "object"), OpenElements._marked_end),
    "form": OpenElements._form_end,
    "br": OpenElements._br_end,
    "template": OpenElements._template_end,
    **dict.fromkeys(("body", "html"), OpenElements._end_passed_over),
}
_START_IN = {
    TABLE: OpenElements._start_in_table,
    TABLE_BODY: OpenElements._start_in_table_body,
    ROW: OpenElements._start_in_row,
    CELL: OpenElements._start_in_cell,
    CAPTION: OpenElements._start_in_caption,
    COLUMN_GROUP: OpenElements._start_in_column_group,
    TEMPLATE: OpenElements._start_in_template,
}
_END_IN = {
    TABLE: OpenElements._end_in_table,
    TABLE_BODY: OpenElements._end_in_table_body,
    ROW: OpenElements._end_in_row,
    CELL: OpenElements._end_in_cell,
    CAPTION: OpenElements._end_in_caption,
    COLUMN_GROUP: OpenElements._end_in_column_group,
    TEMPLATE: OpenElements._end_in_template,
}
