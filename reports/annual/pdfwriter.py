"""A PDF file written object by object, for the report's join (document.py): each part's objects
are copied to the file as soon as the part is read, renumbered, and only what ties the parts
together (the pages' numbers, the structure tree's top, the bookmarks) is kept until the end.
qpdf building the whole joined file in memory held about 1.5 KB per object: 225 MB for the
structure trees of ten times the network (bench/README.md).

The objects are read with pikepdf (qpdf) and written as qpdf writes them (`unparse`), their
references renumbered; the streams' data is copied as it is (compressed when it is not). Objects
that are not streams go in compressed object streams, and the cross-reference table is a stream
(PDF 1.5), as qpdf's `object_stream_mode=generate` writes them. The same parts give the same
bytes (the file's /ID is a digest of its content).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from typing import BinaryIO

import pikepdf

# In qpdf's writing of an object: a literal string (qpdf escapes every parenthesis and backslash
# in it), or a reference `n g R` after a delimiter; hex strings, names and numbers hold no `R`.
TOKENS = re.compile(rb"(\((?:[^\\)]|\\.)*\))|(?<![^\s\[<])(\d+) (\d+) R", re.DOTALL)
OBJECTS_PER_STREAM = 200
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


class Writer:
    """The file: numbers given out in order (`reserve`), each written once (`object`,
    `stream`), then `close` with the catalog and the document information."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.position = 0
        self.digest = hashlib.md5(usedforsecurity=False)
        # Per object number: 1 at an offset, or 2 in an object stream (its number, the index).
        self.kind = array("B", [0])
        self.first = array("Q", [0])
        self.second = array("L", [0])
        self.batch: list[tuple[int, bytes]] = []
        self._write(HEADER)

    def reserve(self) -> int:
        self.kind.append(0)
        self.first.append(0)
        self.second.append(0)
        return len(self.kind) - 1

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.position += len(data)

    def _at(self, number: int, kind: int, first: int, second: int = 0) -> None:
        self.kind[number], self.first[number], self.second[number] = kind, first, second

    def object(self, number: int, body: bytes) -> None:
        """An object that is not a stream, written (`body`: its text) in an object stream."""
        self.batch.append((number, body))
        if len(self.batch) >= OBJECTS_PER_STREAM:
            self._flush()

    def stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """A stream: `dictionary` the text of its dictionary without /Length, `data` as stored."""
        self._at(number, 1, self.position)
        if not dictionary.endswith(b">>"):
            raise ValueError("A stream's dictionary must be a dictionary.")
        self._write(b"%d 0 obj\n%s /Length %d >>\nstream\n" % (number, dictionary[:-2], len(data)))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def _flush(self) -> None:
        if not self.batch:
            return
        holder = self.reserve()
        offsets, bodies, at = [], [], 0
        for index, (number, body) in enumerate(self.batch):
            self._at(number, 2, holder, index)
            offsets.append(b"%d %d" % (number, at))
            bodies.append(body)
            at += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        self.batch = []
        self.stream(
            holder,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode >>" % (len(offsets), len(head)),
            data,
        )

    def close(self, root: int, info: int) -> None:
        """The last object streams, the cross-reference stream and the trailer."""
        self._flush()
        xref = self.reserve()
        self._at(xref, 1, self.position)
        digest = self.digest.hexdigest().encode()
        rows = bytearray()
        for number in range(len(self.kind)):
            kind = self.kind[number]
            if number and not kind:
                raise ValueError(f"Object {number} was never written.")
            if number == 0:
                rows += b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
            else:
                rows += bytes([kind]) + self.first[number].to_bytes(4, "big")
                rows += self.second[number].to_bytes(2, "big")
        data = zlib.compress(bytes(rows))
        position = self.position
        self._write(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Info %d 0 R "
            b"/ID [ <%s> <%s> ] /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref, len(self.kind), root, info, digest, digest, len(data))
        )
        self._write(data)
        self._write(b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % position)


class Copier:
    """One source file's objects copied to the writer: each object reached from what is asked
    (`ref`, `text`) gets a number of the file and is written once by `drain`. `fixed` gives some
    source objects a number of the file already (written elsewhere, or never: the source's page
    tree stands for the joined one)."""

    def __init__(self, writer: Writer, pdf: pikepdf.Pdf, fixed: dict[tuple[int, int], int]):
        self.writer, self.pdf = writer, pdf
        self.numbers = dict(fixed)
        self.queue: list[tuple[tuple[int, int], int]] = []

    def ref(self, objgen: tuple[int, int]) -> int:
        number = self.numbers.get(objgen)
        if number is None:
            number = self.numbers[objgen] = self.writer.reserve()
            self.queue.append((objgen, number))
        return number

    def _renumber(self, match: re.Match) -> bytes:
        if match[1] is not None:
            return match[1]
        return b"%d 0 R" % self.ref((int(match[2]), int(match[3])))

    def text(self, obj) -> bytes:
        """An object's text in the file (a direct one's; an indirect one's content)."""
        return TOKENS.sub(self._renumber, obj.unparse(resolved=True))

    def drain(self) -> None:
        """Write every object reached so far, and those they reach."""
        while self.queue:
            objgen, number = self.queue.pop()
            obj = self.pdf.get_object(objgen)
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_raw_bytes()
                dictionary = obj.stream_dict
                if "/Length" in dictionary:
                    del dictionary.Length
                if "/Filter" not in dictionary:  # written anew (a page's content): compressed
                    data = zlib.compress(data)
                    dictionary.Filter = pikepdf.Name.FlateDecode
                self.writer.stream(number, self.text(dictionary), data)
            else:
                self.writer.object(number, self.text(obj))
