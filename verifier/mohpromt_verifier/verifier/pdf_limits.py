"""What one PDF may cost the verifier: checked before and right after pyHanko parses it.

A hostile file can make a validator do unbounded work (thousands of copied signature fields,
a huge page tree, deeply nested arrays: issue 13). The cheap raw-byte scan runs first; the
structural check reads only the catalog, the form's field list and the page tree's counts,
each walk with a budget. A refused file gets a reason, never a long run.
"""

from __future__ import annotations

import re
from typing import Any

MAX_REVISIONS = 100
MAX_SIGNATURES = 50
MAX_SIGNATURE_FIELDS = 500
MAX_PAGES = 2_000
MAX_NESTING = 256
NESTING_REASON = f"objects nested more than {MAX_NESTING} deep"

_SIG_FIELD = re.compile(rb"/FT\s*/Sig\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_BRACKETS = re.compile(rb"\[{%d}" % MAX_NESTING)


def prescan(data: bytes) -> str | None:
    """A reason to refuse from the raw bytes alone (uncompressed objects), else None."""
    revisions = data.count(b"startxref")
    if revisions > MAX_REVISIONS:
        return f"{revisions} revisions (more than {MAX_REVISIONS})"
    fields = len(_SIG_FIELD.findall(data))
    if fields > MAX_SIGNATURE_FIELDS:
        return f"{fields} signature fields (more than {MAX_SIGNATURE_FIELDS})"
    pages = len(_PAGE.findall(data))
    if pages > MAX_PAGES:
        return f"{pages} pages (more than {MAX_PAGES})"
    if _BRACKETS.search(data):
        return NESTING_REASON
    return None


def _count_fields(fields: Any, budget: int) -> int:
    """Signature-capable fields and their kids, counting at most ``budget`` + 1."""
    seen = 0
    stack = [fields]
    while stack and seen <= budget:
        current = stack.pop()
        try:
            items = list(current.get_object()) if current is not None else []
        except Exception:
            continue
        for item in items[: budget + 1]:
            seen += 1
            try:
                kids = item.get_object().get("/Kids")
            except Exception:
                kids = None
            if kids is not None:
                stack.append(kids)
    return seen


def structure_refusal(reader: Any) -> str | None:
    """A reason to refuse from the parsed catalog (covers compressed object streams)."""
    root = reader.root
    form = root.get("/AcroForm")
    if form is not None:
        fields = form.get_object().get("/Fields")
        count = _count_fields(fields, MAX_SIGNATURE_FIELDS)
        if count > MAX_SIGNATURE_FIELDS:
            return f"more than {MAX_SIGNATURE_FIELDS} form fields"
    pages = root.get("/Pages")
    if pages is not None:
        node = pages.get_object()
        count = node.get("/Count")
        kids = node.get("/Kids")
        declared = int(count) if isinstance(count, int) else 0
        listed = len(kids.get_object()) if kids is not None else 0
        if max(declared, listed) > MAX_PAGES:
            return f"more than {MAX_PAGES} pages"
    return None
