"""Does an uploaded PDF carry active content? Documents are downloaded and opened by staff
and auditors, so a PDF that runs a script or launches a program when opened is refused.

The check reads bytes, it does not interpret the PDF: an action needs one of the names
below in a dictionary, and dictionaries are either in the clear or inside object streams
(/Type /ObjStm, Flate-compressed). So the file's bytes and its object streams,
decompressed within a budget, are searched for those names, in any spelling PDF allows
(`/JavaScript`, `/Java#53cript`). Page contents and images are never decompressed.
An object stream we cannot decompress (encrypted, or an unusual filter) cannot be
checked, and is refused as such.
"""

import re
import zlib

# Actions that run code or programs: scripts (/JavaScript, /JS), /Launch, and the
# additional actions (/AA) fired when a page or a field is opened, closed or left. The
# short names are looked for outside streams only: inside an image, "/JS" followed by a
# delimiter turns up by chance; an action needs /JavaScript or /Launch beside them anyway.
LONG_NAMES = ("JavaScript", "Launch")
SHORT_NAMES = ("JS", "AA")
_OBJECT_STREAM_BUDGET = 64 * 1024 * 1024  # bytes decompressed for a whole file
_DELIMITERS = rb"\s/<>\[\]()%{}"
_SPACE = rb"(?:\s|%[^\r\n]*[\r\n])*"  # comments count as white space in PDF


def _name_pattern(name: str) -> bytes:
    """/Name with any of its characters possibly written as #xx."""
    spelled = b"".join(
        b"(?:" + re.escape(bytes([code])) + b"|#" + f"{code:02x}".encode() + b")"
        for code in name.encode()
    )
    return b"/" + spelled + b"(?=[" + _DELIMITERS + b"]|$)"


def _names(names) -> re.Pattern:
    # IGNORECASE for the #xx digits; the name itself is compared exactly in _first.
    return re.compile(b"|".join(_name_pattern(name) for name in names), re.IGNORECASE)


_LONG, _ANY = _names(LONG_NAMES), _names(LONG_NAMES + SHORT_NAMES)
_OBJECT_STREAM = re.compile(_name_pattern("Type") + _SPACE + _name_pattern("ObjStm"))
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


class UncheckablePdf(Exception):
    """An object stream that cannot be decompressed within the budget."""


def active_content(data: bytes) -> str | None:
    """The first active name found ("JavaScript", "Launch"...), or None.
    Raises UncheckablePdf when an object stream cannot be read within the budget."""
    found = _first(_LONG, data) or _first(_ANY, b" ".join(_outside_streams(data)))
    budget = _OBJECT_STREAM_BUDGET  # bytes read and written, so the work stays linear
    previous = 0
    for match in _STREAM.finditer(data):
        if found:
            break
        # The stream's dictionary: since its object began, and after the last stream.
        begins = max(previous, data.rfind(b"obj", previous, match.start()))
        dictionary, previous = data[begins : match.start()], match.end()
        if not _OBJECT_STREAM.search(dictionary):
            continue
        end = data.find(b"endstream", match.end())
        budget -= end - match.end()
        if end == -1 or budget < 0:
            raise UncheckablePdf
        decompressor = zlib.decompressobj()
        try:
            objects = decompressor.decompress(memoryview(data)[match.end() : end], budget)
        except zlib.error as error:
            raise UncheckablePdf from error
        if decompressor.unconsumed_tail:
            raise UncheckablePdf
        budget -= len(objects)
        found = _first(_ANY, objects)
    return found


def _outside_streams(data: bytes):
    """The file without the contents of its streams (dictionaries, not data)."""
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        yield data[position : match.start()]
        end = data.find(b"endstream", match.end())
        if end == -1:
            return
        position = end + len(b"endstream")
    yield data[position:]


def _first(pattern: re.Pattern, data: bytes) -> str | None:
    for match in pattern.finditer(data):
        name = re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m[1], 16)]), match[0])
        if name[1:].decode("latin-1") in LONG_NAMES + SHORT_NAMES:  # case-sensitive
            return name[1:].decode("latin-1")
    return None
