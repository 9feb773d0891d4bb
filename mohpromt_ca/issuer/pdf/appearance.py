"""The visible signature: Thai and English, set in Sarabun and shaped by HarfBuzz.

pyHanko's text stamp with a ``GlyphAccumulator`` (an embedded, subset OpenType font,
shaped with uharfbuzz) is what makes Thai marks sit correctly (pyHanko issues #139,
#374, #397, #459). The font file is read once per process and handed to pyHanko from
memory for each document.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import threading
from dataclasses import dataclass

from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from mohpromt_ca.authority.signer_keys import SignerMaterial
from mohpromt_ca.ca.names import PROFESSION_LICENCE

BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")
#: 8 pt, never shrunk for width on ordinary names: legible at 110 dpi on screen and in print (issue 18)
FONT_SIZE = 8
LEADING = 9  # an int: pyHanko computes the box with Fraction
PROFESSION_TH = {
    "physician": "แพทย์",
    "dentist": "ทันตแพทย์",
    "pharmacist": "เภสัชกร",
    "medical-technologist": "นักเทคนิคการแพทย์",
}
TH_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


@functools.cache
def _font_bytes() -> bytes:
    from mohpromt_ca.issuer.rendering import font_dir

    return (font_dir() / "Sarabun-Regular.ttf").read_bytes()


@dataclass(frozen=True)
class _InMemoryFontFactory(GlyphAccumulatorFactory):
    """``GlyphAccumulatorFactory`` that reads the TTF from memory, not the disk, per document."""

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(_font_bytes()), font_size=self.font_size,
            ot_script_tag=self.ot_script_tag, ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction, bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream,
        )


def _text_style() -> TextStampStyle:
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule

    font = _InMemoryFontFactory(font_file="Sarabun-Regular.ttf", font_size=FONT_SIZE)
    return TextStampStyle(
        stamp_text="%(line1)s\n%(line2)s\n%(line3)s\n%(line4)s",
        # no inner margin (pyHanko's default is 10 pt a side, which made the text shrink to fit)
        text_box_style=TextBoxStyle(
            font=font, font_size=FONT_SIZE, leading=LEADING,
            box_layout_rule=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX,
                                                margins=Margins.uniform(0))),
        # bottom right, clear of the template's "ลายมือชื่อ / Signature" label at the top left
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MIN,
            margins=Margins(left=4, right=4, top=10, bottom=1), inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=0,
        background=None,
    )


def render_stamp_pdf(width: float, height: float, text: dict[str, str]) -> bytes:
    """A one-page PDF of ``width`` x ``height`` points holding the stamp (font subset embedded)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter(stream_xrefs=False)
    stamp = _text_style().create_stamp(writer, BoxConstraints(width=width, height=height), text)
    name = generic.NameObject("/S")
    page = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject(
            [generic.FloatObject(0), generic.FloatObject(0), generic.FloatObject(width), generic.FloatObject(height)]),
        generic.NameObject("/Resources"): generic.DictionaryObject({
            generic.NameObject("/XObject"): generic.DictionaryObject({name: stamp.register()})}),
        generic.NameObject("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"/S Do")),
    })
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _ImportedPdfBytes(PdfContent):
    """pyHanko's ``ImportedPdfPage``, from bytes in memory instead of a file."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        from pyhanko.pdf_utils.layout import BoxConstraints
        from pyhanko.pdf_utils.reader import PdfFileReader

        writer = self._ensure_writer
        xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Stamp" + hashlib.sha256(self.data).hexdigest()[:12]
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


class StampCache:
    """Stamps rendered once per signer, box size and minute, then copied into each document.

    Laying out the text and subsetting Sarabun (HarfBuzz + fontTools) costs ~100 ms; copying
    the finished stamp into a document costs about 1 ms.
    """

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._entries: dict[tuple, bytes] = {}
        self._lock = threading.Lock()

    def style(self, box: tuple[float, float, float, float], text: dict[str, str]) -> StaticStampStyle:
        width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
        key = (width, height, tuple(sorted(text.items())))
        with self._lock:
            data = self._entries.get(key)
        if data is None:
            data = render_stamp_pdf(width, height, text)
            with self._lock:
                if len(self._entries) >= self._size:
                    self._entries.pop(next(iter(self._entries)))
                self._entries[key] = data
        from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule

        # the stamp was laid out at the field's size: copy it 1:1 (pyHanko's default 5 pt margins
        # would shrink it by a fifth)
        whole = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                    margins=Margins.uniform(0))
        return StaticStampStyle(background=_ImportedPdfBytes(data), border_width=0, background_layout=whole)


def thai_short_datetime(when: dt.datetime) -> str:
    local = when.astimezone(BANGKOK)
    return f"{local.day} {TH_MONTHS_ABBR[local.month - 1]} {local.year + 543} {local.hour:02d}.{local.minute:02d} น."


def appearance_text(signer: SignerMaterial, when: dt.datetime, *, role_th: str | None = None,
                    role_en: str | None = None) -> dict[str, str]:
    """The four lines of the stamp: signed by, who, what profession and licence, when.

    The facility is not repeated here (the page's header and the signer's certificate name
    it): four short lines fit the signature box at 8 pt, where five with the facility's two
    names were shrunk to about 4 pt."""
    local = when.astimezone(BANGKOK)
    title_en = PROFESSION_LICENCE[signer.profession][2]
    head_th, head_en = role_th or "ลงนามดิจิทัลโดย", role_en or "Digitally signed by"
    return {
        "line1": f"{head_th} / {head_en}",
        "line2": f"{signer.name_th} ({signer.name_en})",
        "line3": f"{PROFESSION_TH[signer.profession]} / {title_en} · {signer.licence_display}",
        "line4": f"{thai_short_datetime(local)} · {local:%Y-%m-%d %H:%M} (UTC+7)",
    }
