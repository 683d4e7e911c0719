"""Untrusted XML, streamed with expat and never expanded.

The document's DOCTYPE is read by a small scanner of our own and handed to expat
as blank lines (so that line numbers stay true): expat never sees a DTD, so no
entity can be declared, let alone expanded, and no external file or address is
ever read. A DTD that declares an entity (the "billion laughs"), names an
external subset, or refers to a parameter entity is refused outright; one that
only declares elements and attributes, like Apple Health's, is accepted, even the
malformed one iOS 16 wrote (an ATTLIST left open, which expat itself refuses).
Memory stays flat: the file is fed in chunks, elements are never built (the
caller's handlers see each start tag's attributes), and a document nested too
deep or a single tag too large is refused.

Reads a binary stream handed in; no file is opened here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import IO

from bonetrack.errors import InputError

CHUNK = 1 << 20
# The DOCTYPE and what precedes the root element: Apple's DTD is about 10 KB.
MAX_PROLOG = 1 << 20
# Apple Health's deepest element sits 4 levels down.
MAX_DEPTH = 32
# Input without a single new element: a tag this large is not Apple Health's.
MAX_WITHOUT_ELEMENT = 16 << 20

# Characters XML 1.0 forbids (all C0 controls but tab, newline, return): iOS 16 wrote
# U+000B (vertical tab) into some exports. In UTF-8 these bytes are never part of a
# longer character, so deleting them from the bytes is exact.
_FORBIDDEN = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_VERSION = re.compile(rb"HealthKit Export Version:\s*(\d+)")

StartHandler = Callable[[str, Mapping[str, str], int], None]


class Prolog:
    """The bytes before the root element, with the DOCTYPE replaced by its newlines."""

    def __init__(self) -> None:
        self.dtd_comment_version: int | None = None

    def cleaned(self, head: bytes) -> bytes | None:
        """`head` ready for expat, or None if the prolog does not end within it yet.

        InputError for a DTD bonetrack refuses.
        """
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError("the XML is UTF-16, not UTF-8 as Apple Health writes it.")
        pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
        while True:
            pos = _skip_space(head, pos)
            if pos >= len(head):
                return None
            if head.startswith(b"<!--", pos):
                end = head.find(b"-->", pos + 4)
                if end < 0:
                    return None
                pos = end + 3
            elif head.startswith(b"<?", pos):
                end = head.find(b"?>", pos + 2)
                if end < 0:
                    return None
                pos = end + 2
            elif head.startswith(b"<!DOCTYPE", pos):
                doctype_end = self._doctype_end(head, pos)
                if doctype_end is None:
                    return None
                found = _VERSION.search(head, pos, doctype_end)
                self.dtd_comment_version = int(found.group(1)) if found else None
                blank = b"\n" * head.count(b"\n", pos, doctype_end)
                return head[:pos] + blank + head[doctype_end:]
            elif head.startswith(b"<!", pos) and len(head) - pos < len(b"<!DOCTYPE"):
                return None  # the start of a comment or DOCTYPE, the rest to come
            else:
                return head  # the root element (or not XML: expat says so)

    def _doctype_end(self, head: bytes, start: int) -> int | None:
        """Where the DOCTYPE at `start` ends; None if not within `head`."""
        pos = _skip_name(head, _skip_space(head, start + len(b"<!DOCTYPE")))
        pos = _skip_space(head, pos)
        if pos >= len(head):
            return None
        if head.startswith((b"SYSTEM", b"PUBLIC"), pos):
            raise InputError(
                "the XML names an external DTD (SYSTEM or PUBLIC): refused, bonetrack reads "
                "no file or address an import names."
            )
        if head[pos : pos + 1] == b">":
            return pos + 1
        if head[pos : pos + 1] != b"[":
            raise InputError("the XML's DOCTYPE is not well-formed.")
        return _subset_end(head, pos + 1)


_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def root_element(head: bytes) -> str | None:
    """The name of the root element, from a file's first bytes; None if not within them.

    InputError for a DTD that would be refused.
    """
    cleaned = Prolog().cleaned(head)
    if cleaned is None:
        return None
    pos = 3 if cleaned.startswith(b"\xef\xbb\xbf") else 0
    while True:
        pos = _skip_space(cleaned, pos)
        if cleaned.startswith(b"<?", pos):
            pos = cleaned.find(b"?>", pos) + 2
        elif cleaned.startswith(b"<!--", pos):
            pos = cleaned.find(b"-->", pos) + 3
        else:
            found = _NAME.match(cleaned, pos)
            return found.group(1).decode("utf-8", "replace") if found else None
        if pos < 2:
            return None


def _subset_end(head: bytes, pos: int) -> int | None:
    """The end of an internal DTD subset starting at `pos` (after '['), past its ']>'."""
    size = len(head)
    while pos < size:
        char = head[pos]
        if head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif char in b"\"'":
            end = head.find(bytes((char,)), pos + 1)
            if end < 0:
                return None
            pos = end + 1
        elif head.startswith(b"<!ENTITY", pos):
            raise InputError(
                "the XML declares entities in its DTD: refused (entities can expand a small "
                "file into gigabytes, or read other files; Apple Health exports declare none)."
            )
        elif char == ord("%"):
            raise InputError("the XML's DTD uses parameter entities: refused.")
        elif char == ord("]"):
            end = _skip_space(head, pos + 1)
            if end >= size:
                return None
            if head[end] == ord(">"):
                return end + 1
            pos += 1
        else:
            pos += 1
    return None


def _skip_space(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in b" \t\r\n":
        pos += 1
    return pos


def _skip_name(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] not in b" \t\r\n[>":
        pos += 1
    return pos


class XmlStream:
    """Feeds a stream to expat, calling `start(name, attributes, depth)` for the root
    element (depth 1) and the elements named in `names`.

    Every element passes through here, millions in an export: the handlers are closures
    with the state in local cells, and the caller is called only for the names it wants.
    """

    def __init__(self, start: StartHandler, names: frozenset[str]) -> None:
        from xml.parsers import expat

        self.prolog = Prolog()
        # [depth, elements started]
        state = self._state = [0, 0]
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def on_start(name: str, attributes: dict[str, str]) -> None:
            depth = state[0] = state[0] + 1
            state[1] += 1
            if depth > MAX_DEPTH:
                raise InputError(f"line {self.line}: elements nested more than {MAX_DEPTH} deep.")
            if name in names or depth == 1:
                start(name, attributes, depth)

        def on_end(_name: str) -> None:
            state[0] -= 1

        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
        # Defence in depth: expat never sees a DTD, so none of these can be reached.
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_external
        self._parser = parser

    @property
    def line(self) -> int:
        return int(self._parser.CurrentLineNumber)

    @property
    def elements(self) -> int:
        return self._state[1]

    def _refuse_doctype(self, *_args: object) -> None:
        raise InputError(f"line {self.line}: a second DOCTYPE: refused.")

    def _refuse_entity(self, *_args: object) -> None:
        raise InputError(f"line {self.line}: an entity declaration: refused.")

    def _refuse_external(self, *_args: object) -> int:
        raise InputError(f"line {self.line}: an external entity: refused.")

    def parse(
        self, stream: IO[bytes], progress: Callable[[int], None] | None = None
    ) -> Iterator[None]:
        """Read `stream` to its end, yielding after each chunk's handlers ran.

        `progress(n)` after each n bytes read. InputError for XML refused or not well-formed.
        """
        from xml.parsers import expat

        head = b""
        started = False
        since_element = 0
        counted = self.elements
        try:
            while True:
                chunk = stream.read(CHUNK)
                if progress is not None and chunk:
                    progress(len(chunk))
                chunk = chunk.translate(None, _FORBIDDEN)
                if not started:
                    head += chunk
                    ready = self.prolog.cleaned(head)
                    if ready is None:
                        if chunk and len(head) <= MAX_PROLOG:
                            continue
                        if chunk:
                            raise InputError(
                                "the XML declaration and DTD do not end within the first "
                                f"{MAX_PROLOG >> 20} MB: refused."
                            )
                        ready = head
                    started, chunk, head = True, ready, b""
                self._parser.Parse(chunk, not chunk)
                yield
                if not chunk:
                    return
                since_element = 0 if self.elements != counted else since_element + len(chunk)
                counted = self.elements
                if since_element >= MAX_WITHOUT_ELEMENT:
                    raise InputError(
                        f"line {self.line}: no new element in {MAX_WITHOUT_ELEMENT >> 20} MB "
                        "(one tag that large is not an export's)."
                    )
        except expat.ExpatError as exc:
            raise InputError(_expat_message(exc, self.elements)) from None


def _expat_message(exc: Exception, elements: int) -> str:
    from xml.parsers import expat

    code = getattr(exc, "code", None)
    line = getattr(exc, "lineno", "?")
    if code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return f"line {line}: an entity reference bonetrack does not expand: refused."
    if code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]:
        if elements:
            return f"line {line}: the XML ends before its elements do (a truncated file?)."
        return "no XML elements in it."
    reason = expat.ErrorString(code) if isinstance(code, int) else str(exc)
    return f"line {line}: not well-formed XML ({reason})."
