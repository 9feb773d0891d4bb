"""Helpers for the certificate-template tests (poppler wrappers, text normalisation)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

#: what a verification QR holds: a base45 payload behind its prefix (a few hundred characters)
QR_TEXT = "MPC1:" + "NCF3U7T9SVJAB-6R$9B0R38UHDNDKCG9B/1J%MC24TJ$D7BKV3:A50QFNKM*R0MA2A:QCP9%*0ULC00" * 4


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed: apt-get install -y poppler-utils")
    return path


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    exe = need("pdftotext")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([exe, "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


_THAI_MARK = "[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
# poppler may print a Thai cluster twice ("ทั่ทั่วไป", typst#7610 / krilla#411): collapse a
# short run repeated back to back when it holds a combining mark
_REPEAT = re.compile(rf"((?=.{{0,5}}{_THAI_MARK}).{{1,6}}?)\1+")


def normalise(text: str) -> str:
    """Whitespace removed, NFC, repeated Thai clusters collapsed; apply to both sides."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", "", text)
    prev = None
    while prev != text:
        prev, text = text, _REPEAT.sub(r"\1", text)
    return text
