"""Hostile PDFs built from a genuine signed one by an incremental update (what an attacker can
append without breaking the first signature's bytes), plus a malformed CMS in place."""

from __future__ import annotations

import io
import re


def _last_startxref(data: bytes) -> int:
    return int(re.findall(rb"startxref\s+(\d+)", data)[-1])


def _trailer_root_and_size(data: bytes) -> tuple[bytes, int]:
    """The /Root reference and /Size of the last trailer (classic or stream xref)."""
    roots = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)
    sizes = re.findall(rb"/Size\s+(\d+)", data)
    return roots[-1], int(sizes[-1])


def append_update(data: bytes, objects: dict[int, bytes], root: bytes | None = None,
                  trailer_extra: bytes = b"") -> bytes:
    """Append objects (number -> body) as one incremental update with a classic xref table."""
    old_root, size = _trailer_root_and_size(data)
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    new_size = max(size, max(objects) + 1)
    out += b"trailer\n<< /Size %d /Root %s /Prev %d %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        new_size, root or old_root, _last_startxref(data), trailer_extra, xref_at)
    return bytes(out)


def catalog_number(data: bytes) -> int:
    root, _ = _trailer_root_and_size(data)
    return int(root.split()[0])


def _catalog_body(data: bytes, drop: str | None = None) -> bytes:
    """The current catalog dictionary, serialised (pyHanko reads it: nested dictionaries and all)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    root = PdfFileReader(io.BytesIO(data), strict=False).root
    out = io.BytesIO()
    out.write(b"<<")
    for key in root:
        if key == drop:
            continue
        out.write(b" " + key.encode() + b" ")
        raw = root.raw_get(key)
        raw.write_to_stream(out, None)
    out.write(b" >>")
    return out.getvalue()


def with_catalog_entry(data: bytes, entry: bytes, extra: dict[int, bytes] | None = None,
                       replace: str | None = None) -> bytes:
    """A new catalog revision: the old catalog's entries (less ``replace``) plus ``entry``."""
    number = catalog_number(data)
    body = _catalog_body(data, drop=replace)
    objects = dict(extra or {})
    objects[number] = body[:-2] + b" " + entry + b" >>"
    return append_update(data, objects)


def deep_nesting(data: bytes, depth: int = 100_000) -> bytes:
    _, size = _trailer_root_and_size(data)
    return with_catalog_entry(data, b"/Deep %d 0 R" % size, {size: b"[" * depth + b"]" * depth})


def many_pages(data: bytes, pages: int = 10_000) -> bytes:
    _, size = _trailer_root_and_size(data)
    pages_number = size
    kids = b" ".join(b"%d 0 R" % (size + 1 + i) for i in range(pages))
    objects = {pages_number: b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids)}
    for i in range(pages):
        objects[size + 1 + i] = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % pages_number
    return with_catalog_entry(data, b"/Pages %d 0 R" % pages_number, objects, replace="/Pages")


def many_signature_fields(data: bytes, fields: int = 4_000) -> bytes:
    """Copies of the first signature's field: each points at the same signature dictionary."""
    value = re.search(rb"/V\s+(\d+\s+0\s+R)", data)
    assert value is not None
    _, size = _trailer_root_and_size(data)
    objects = {size + i: b"<< /FT /Sig /T (copy%d) /V %s /Type /Annot /Subtype /Widget /Rect [0 0 0 0] >>" % (
        i, value.group(1)) for i in range(fields)}
    form = size + fields
    refs = b" ".join(b"%d 0 R" % n for n in objects)
    objects[form] = b"<< /Fields [%s] /SigFlags 3 >>" % refs
    return with_catalog_entry(data, b"/AcroForm %d 0 R" % form, objects, replace="/AcroForm")


def malformed_cms(data: bytes) -> bytes:
    """The first signature's /Contents replaced by bytes that are not DER (same length, so the
    byte ranges stay right)."""
    match = re.search(rb"/Contents\s*<([0-9A-Fa-f]+)>", data)
    assert match is not None
    hexed = match.group(1)
    broken = (b"3080" + b"0203" + b"ABCDEF" * (len(hexed) // 6))[: len(hexed)]
    return data[: match.start(1)] + broken + data[match.end(1):]


def new_info(data: bytes, title: str = "Changed later") -> bytes:
    """An update that gives the document a new information dictionary (nothing else)."""
    _, size = _trailer_root_and_size(data)
    return append_update(data, {size: b"<< /Title (%s) >>" % title.encode()}, trailer_extra=b"/Info %d 0 R " % size)
