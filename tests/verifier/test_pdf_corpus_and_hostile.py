"""Signed PDFs made by others get their class's verdict, with and without their root as anchor;
hostile PDFs are refused fast and small; nothing prints a traceback (issue 13, parts 2 and 3)."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mohpromt_verifier.cli import verify_command
from tests.vectors import pdf_corpus_dir
from tests.verifier import hostile

CORPUS = pdf_corpus_dir()
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text("utf-8")) if CORPUS.is_dir() else {}
# class -> exit codes allowed without an anchor / with the file's own root as the anchor (SOURCE.md)
ALLOWED = {"genuine": ({2}, {0, 2}), "broken": ({1}, {1}), "indeterminate": ({2}, {2})}
GENUINE = CORPUS / "minimal-signed-twice-both-created.pdf"


def _roots(pdf: bytes) -> list[bytes]:
    """The self-signed certificates the file's own signatures carry (pyHanko's test roots)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    found = []
    for signature in reader.embedded_signatures:
        for choice in signature.signed_data["certificates"]:
            if choice.chosen.self_signed != "no" and choice.chosen.dump() not in found:
                found.append(choice.chosen.dump())
    return found


def _verify(tmp_path: Path, pdf: Path, anchors: list[bytes]) -> tuple[int, dict[str, Any], str]:
    args = [str(pdf), "--json", "--trust-list", str(tmp_path / "none")]
    for number, der in enumerate(anchors):
        path = tmp_path / f"root-{number}.der"
        path.write_bytes(der)
        args += ["--anchor", str(path)]
    result = CliRunner().invoke(verify_command, args)
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.mark.skipif(not EXPECTED, reason="no pdf-corpus copy (tests/data or ../shared)")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gets_its_class_verdict(tmp_path: Path, name: str) -> None:
    pdf = CORPUS / name
    without, with_root = ALLOWED[EXPECTED[name]]
    for anchors, allowed in (([], without), (_roots(pdf.read_bytes()), with_root)):
        code, report, stderr = _verify(tmp_path, pdf, anchors)
        assert code in allowed, (name, anchors and "with root", report["reasons"])
        assert "Traceback" not in stderr
        entries = report["document"].get("signatures") or []
        assert entries or EXPECTED[name] == "broken", report
        for entry in entries:
            assert entry["indication"] in ("TOTAL-PASSED", "TOTAL-FAILED", "INDETERMINATE")
            assert entry["type"] in ("signature", "document-timestamp")
        if EXPECTED[name] == "indeterminate" and anchors:
            assert any(e["subindication"] == "CRYPTO_CONSTRAINTS_FAILURE" for e in entries), entries
        if EXPECTED[name] == "genuine":
            assert not any(e["indication"] == "TOTAL-FAILED" for e in entries), entries


def _run(path: Path) -> tuple[subprocess.CompletedProcess[str], float, float, int]:
    """``mohpromt-ca verify --json`` in a child: wall time, CPU time (user + system: the wall time
    of a busy shared box measures the other jobs) and peak RSS in KiB (/usr/bin/time)."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "COST %U %S %M", sys.executable, "-m", "mohpromt_ca.cli",
                             "verify", str(path), "--json", "--trust-list", str(path.parent / "none")],
                            capture_output=True, text=True, env={**os.environ, "MOHPROMT_DEBUG": ""})
    elapsed = time.monotonic() - started
    user, system, rss = re.findall(r"COST ([\d.]+) ([\d.]+) (\d+)", result.stderr)[-1]
    return result, elapsed, float(user) + float(system), int(rss)


@pytest.mark.skipif(not GENUINE.is_file() or not Path("/usr/bin/time").is_file(), reason="needs the corpus")
@pytest.mark.parametrize(("make", "code", "reason"), [
    (hostile.many_signature_fields, 2, "signature fields"),
    (hostile.many_pages, 2, "pages"),
    (hostile.deep_nesting, 2, "nested"),
    (hostile.malformed_cms, 1, "cannot be"),
])
def test_hostile_pdf_is_refused_fast_and_small(tmp_path: Path, make: Any, code: int, reason: str) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(make(GENUINE.read_bytes()))
    result, elapsed, cpu, rss = _run(path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == code, result.stdout[-800:]
    report = json.loads(result.stdout)
    assert any(reason in r for r in report["reasons"]), report["reasons"]
    assert cpu < 5 and rss < 300 * 1024, (cpu, rss)
    assert elapsed < 60, elapsed  # the unbounded runs took minutes


def test_not_a_pdf_image_or_qr_is_exit_3(tmp_path: Path) -> None:
    for content in (b"\x00\x01 binary garbage " * 50, b"just some words", b"%PDF-1.7\n" + b"\x00" * 100):
        path = tmp_path / "input.bin"
        path.write_bytes(content)
        result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(path), "--json",
                                 "--trust-list", str(tmp_path / "none")], capture_output=True, text=True)
        assert "Traceback" not in result.stderr
        assert result.returncode in ((3,) if not content.startswith(b"%PDF") else (1, 3)), result.stderr


def test_library_logging_only_with_verbose(tmp_path: Path) -> None:
    if not EXPECTED:
        pytest.skip("no pdf-corpus copy")
    pdf = CORPUS / "sig-with-ski-sid.pdf"
    quiet = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(pdf), "--trust-list",
                            str(tmp_path / "none")], capture_output=True, text=True, env={**os.environ,
                                                                                         "MOHPROMT_DEBUG": ""})
    assert quiet.stderr.strip() == "" and quiet.returncode == 2
    loud = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(pdf), "--verbose", "--trust-list",
                           str(tmp_path / "none")], capture_output=True, text=True)
    assert loud.returncode == 2 and "pyhanko" in loud.stderr


def test_several_qr_codes_print_one_json_document(tmp_path: Path) -> None:
    from PIL import Image

    from mohpromt_verifier.formats.qr import qr_png

    first = Image.open(io.BytesIO(qr_png("HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOA+I")))
    second = Image.open(io.BytesIO(qr_png("HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N")))
    sheet = Image.new("L", (first.width + second.width + 40, max(first.height, second.height) + 40), 255)
    sheet.paste(first.convert("L"), (10, 10))
    sheet.paste(second.convert("L"), (first.width + 30, 10))
    path = tmp_path / "two.png"
    sheet.save(path)
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(path), "--json",
                             "--trust-list", str(tmp_path / "none")], capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)          # one document, or this raises
    assert len(document["reports"]) == 2 and document["verdict"] == "invalid"
    assert result.returncode == 1
