"""Render a certificate type to PDF/A-2b with Typst and the Sarabun typeface.

One :class:`typst.Compiler` is kept per certificate type and reused with new
``sys_inputs`` for each document; it saves loading the fonts and parsing the template.
Measured here (2 cores, typst-py 0.15): a new document costs ~23-37 ms reused and
~21-44 ms with a fresh compiler -- the page is laid out again whenever the data changes;
the ~3-5 ms figure only holds when ``sys_inputs`` are unchanged (a cache hit). The
data goes in as JSON (``sys.inputs.data``), the type's metadata and signature rectangle
as JSON (``sys.inputs.meta``), and the verification QR as SVG text (``sys.inputs.qr``).
An optional second QR, the holder's EU DCC / Digital Health Pass (``HC1:...``), goes in as
``sys.inputs.hc1`` (SVG); only templates that lay it out (the vaccination record) draw it,
and without it the inputs -- and so the PDF -- are exactly what they were before.

Only the Sarabun files shipped by ``fontpkg-sarabun`` are visible to Typst: no system
fonts and no fonts embedded in Typst itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mohpromt_ca.errors import InputError
from mohpromt_ca.templates import CertificateType, CertificateTypes, get_type
from mohpromt_ca.templates.common import CertificateInput, RenderError, dump_for_template

__all__ = [
    "MAX_HC1_TEXT",
    "PDF_STANDARD",
    "PREVIEW_WATERMARK",
    "QRTextError",
    "RenderError",
    "Renderer",
    "font_dir",
    "hc1_svg",
    "qr_svg",
    "render",
]

PDF_STANDARD = "a-2b"
#: drawn across every page of an unsigned preview (``render_validated(..., watermark=PREVIEW_WATERMARK)``)
PREVIEW_WATERMARK = "ตัวอย่าง — ไม่มีผลทางกฎหมาย\nPREVIEW — NOT VALID"
#: the largest QR text accepted (a level-Q QR holds at most 2,331 alphanumeric characters
#: at version 40; past ~1,000 it no longer reads well at 36 mm)
MAX_QR_TEXT = 2000
#: the longest HC1 text accepted for the printed DCC QR: 1,600 alphanumeric characters need
#: version 32 at level Q (145 modules), 0.3 mm a module at 44 mm -- still reliable in print.
#: Our eu-dcc HC1s are ~590 characters, th-dhp ones (with DDCC:VS) ~1,170.
MAX_HC1_TEXT = 1600


class QRTextError(InputError):
    code = "qr-text"


def font_dir() -> Path:
    """The folder holding the Sarabun TTF files of the ``fontpkg-sarabun`` wheel."""
    import fontpkg_sarabun

    folder = Path(fontpkg_sarabun.ROOT) / "files"
    if not (folder / "Sarabun-Regular.ttf").is_file():
        raise RenderError(f"Sarabun fonts not found in {folder}", code="fonts-missing")
    return folder


def qr_svg(text: str) -> str:
    """The QR for ``text`` at error-correction level Q, as SVG without a quiet zone.

    The template keeps at least 4 mm clear around it.
    """
    import zxingcpp

    if not isinstance(text, str) or not text:
        raise QRTextError("qr_text must be a non-empty string")
    if len(text) > MAX_QR_TEXT:
        raise QRTextError(f"qr_text is {len(text)} characters; at most {MAX_QR_TEXT} fit a 36 mm QR")
    try:
        barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    except Exception as exc:  # zxing raises ValueError / RuntimeError subclasses
        raise QRTextError(f"cannot encode qr_text as a QR code: {exc}") from None
    return _modules_svg(barcode.to_image(scale=1, add_quiet_zones=False))


_DARK_RUN = re.compile(rb"\x00+")


def _modules_svg(image: Any) -> str:
    """The QR's module bitmap (0 = dark) as one SVG path of horizontal runs.

    zxing's own SVG writer draws one ``<rect>`` per module (~35 KB, ~37 ms to write for a
    summary QR, and Typst then lays out thousands of shapes); one path of runs draws the
    same squares in ~2 ms."""
    view = memoryview(image)
    height, width = view.shape or (0, 0)
    pixels = view.tobytes()
    parts: list[str] = []
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        for run in _DARK_RUN.finditer(row):
            parts.append(f"M{run.start()} {y}h{run.end() - run.start()}v1H{run.start()}z")
    return ('<?xml version="1.0" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" shape-rendering="crispEdges">'
            f'<path fill="#000000" d="{"".join(parts)}"/></svg>')


def hc1_svg(hc1_text: str) -> str:
    """The EU DCC / Digital Health Pass QR (level Q, no quiet zone) for an ``HC1:`` text."""
    if not isinstance(hc1_text, str) or not hc1_text.startswith("HC1:"):
        raise QRTextError("the DCC text must start with 'HC1:'", code="hc1-text")
    if len(hc1_text) > MAX_HC1_TEXT:
        raise QRTextError(f"the DCC text is {len(hc1_text)} characters; at most {MAX_HC1_TEXT} print reliably "
                          "at 44 mm", code="hc1-text")
    return qr_svg(hc1_text)


def _meta_json(ctype: CertificateType) -> str:
    m = ctype.meta
    r = m.signature_rect
    return json.dumps(
        {
            "key": m.key,
            "title_th": m.title_th,
            "title_en": m.title_en,
            "signer_role_th": m.signer_role_th,
            "signer_role_en": m.signer_role_en,
            "form_note": m.form_note,
            "sig": {"x1": r.x1, "y1": r.y1, "x2": r.x2, "y2": r.y2},
        },
        ensure_ascii=False,
    )


class Renderer:
    """Keeps one Typst compiler per certificate type; safe to share between threads.

    The compilers are keyed by the type's key *and* its template and Typst root, so two
    hosts whose registries hold different types under one key (a plugin type loaded twice
    is staged twice) never get each other's layout: the cache changes speed, not output.
    """

    def __init__(self, *, pdf_standard: str = PDF_STANDARD) -> None:
        self.pdf_standard = pdf_standard
        self._compilers: dict[tuple[str, str, str], tuple[Any, threading.Lock, str]] = {}
        self._lock = threading.Lock()
        self._fonts: Any = None

    def _fonts_obj(self) -> Any:
        import typst

        if self._fonts is None:
            self._fonts = typst.Fonts(
                include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(font_dir())]
            )
        return self._fonts

    def _compiler(self, ctype: CertificateType) -> tuple[Any, threading.Lock, str]:
        import typst

        cache_key = (ctype.key, str(ctype.template_path), str(ctype.root))
        with self._lock:
            entry = self._compilers.get(cache_key)
            if entry is None:
                compiler = typst.Compiler(
                    str(ctype.template_path),
                    root=str(ctype.root),  # TEMPLATES_DIR, or a plugin type's staging root
                    font_paths=self._fonts_obj(),
                    ignore_system_fonts=True,
                )
                entry = (compiler, threading.Lock(), _meta_json(ctype))
                self._compilers[cache_key] = entry
            return entry

    def render(
        self,
        type_key: str,
        data: dict[str, Any] | BaseModel,
        qr_text: str,
        *,
        timestamp: dt.datetime | None = None,
        hc1_text: str | None = None,
        types: CertificateTypes | None = None,
    ) -> bytes:
        """Validate ``data`` against the type's schema and return the PDF/A-2b bytes.

        ``timestamp`` is the PDF's creation date; it defaults to the data's ``issued_at``
        so the same input always gives the same bytes. ``hc1_text`` (``HC1:...``) adds the
        holder's DCC QR where the template has a place for it (the vaccination record).
        ``types`` is the host's registry (default: the built-in types).
        """
        ctype = get_type(type_key, types)
        model = ctype.validate(data)
        return self.render_validated(ctype, model, qr_text, timestamp=timestamp, hc1_text=hc1_text)

    def render_validated(
        self,
        ctype: CertificateType,
        model: CertificateInput,
        qr_text: str,
        *,
        timestamp: dt.datetime | None = None,
        hc1_text: str | None = None,
        watermark: str | None = None,
    ) -> bytes:
        """The PDF of validated ``model``; ``watermark`` (a preview's) is drawn across every page."""
        import typst

        compiler, lock, meta = self._compiler(ctype)
        inputs = _inputs(model, meta, qr_text, hc1_text)
        if watermark is not None:
            inputs["watermark"] = watermark
        when = timestamp or model.issued_at
        with lock:
            try:
                pdf = compiler.compile(
                    format="pdf", sys_inputs=inputs, pdf_standards=self.pdf_standard, timestamp=when
                )
            except typst.TypstError as exc:
                raise RenderError(
                    f"certificate type {ctype.key!r} failed to render: {exc.message}\n{exc.diagnostic}"
                ) from None
        assert isinstance(pdf, bytes)
        return pdf

    def query(self, type_key: str, data: dict[str, Any] | BaseModel, qr_text: str, selector: str, *,
              hc1_text: str | None = None, types: CertificateTypes | None = None) -> Any:
        """Run a Typst query on a rendered document (tests use it to locate the signature field)."""
        ctype = get_type(type_key, types)
        model = ctype.validate(data)
        compiler, lock, meta = self._compiler(ctype)
        inputs = _inputs(model, meta, qr_text, hc1_text)
        with lock:
            compiler.compile(format="pdf", sys_inputs=inputs)  # sets the inputs for the query
            return json.loads(compiler.query(selector, format="json"))


def _inputs(model: CertificateInput, meta: str, qr_text: str, hc1_text: str | None) -> dict[str, str]:
    inputs = {
        "data": json.dumps(dump_for_template(model), ensure_ascii=False),
        "meta": meta,
        "qr": qr_svg(qr_text),
    }
    if hc1_text is not None:
        inputs["hc1"] = hc1_svg(hc1_text)
    return inputs


# The process's renderer: a cache of compiled templates (fonts loaded once, one compiler per
# template), kept because a compiler costs ~0.2 s to make. It holds no state a caller could
# see or change: the same inputs give the same bytes whichever renderer renders them.
_default: Renderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> Renderer:
    """The process's shared :class:`Renderer` (a guarded compiled-template cache)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
        return _default


def render(
    type_key: str,
    data: dict[str, Any] | BaseModel,
    qr_text: str,
    *,
    timestamp: dt.datetime | None = None,
    hc1_text: str | None = None,
    types: CertificateTypes | None = None,
) -> bytes:
    """Render certificate type ``type_key`` with ``data`` and a QR holding ``qr_text``
    (and, on the vaccination record, a second QR holding the holder's DCC ``hc1_text``).

    Returns PDF/A-2b bytes. Raises :class:`~mohpromt_ca.templates.TemplateInputError`
    (naming the field) for bad data, :class:`QRTextError` for an unusable QR text and
    :class:`~mohpromt_ca.templates.UnknownCertificateType` for an unknown key.
    """
    return default_renderer().render(type_key, data, qr_text, timestamp=timestamp, hc1_text=hc1_text, types=types)
