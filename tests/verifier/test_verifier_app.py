"""The border staff's page in real headless Chromium: a fake camera shows a QR, the verdict appears."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from mohpromt_verifier.formats.qr import qr_png
from tests.conftest import serving  # type: ignore[import-not-found]
from tests.issuer.conftest import sample  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
CHROMIUM = os.environ.get("MOHPROMT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    else:
        reason = None if Path(CHROMIUM).exists() else f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def _y4m(png: bytes, path: Path, size: tuple[int, int] = (640, 480)) -> None:
    """A one-frame Y4M (4:2:0) showing the QR centred on white: Chromium loops it as a camera."""
    from PIL import Image

    width, height = size
    with Image.open(io.BytesIO(png)) as image:
        qr = image.convert("L")
        side = min(width, height) - 40
        qr = qr.resize((side, side), Image.NEAREST)
    frame = Image.new("L", size, 255)
    frame.paste(qr, ((width - side) // 2, (height - side) // 2))
    luma = bytes(16 if value < 128 else 235 for value in frame.tobytes())
    chroma = bytes([128]) * (width * height // 4)
    header = f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + luma + chroma + chroma)


def _tampered(hc1: str) -> str:
    """Same signature, one letter of the holder's name changed inside the signed payload."""
    import cbor2

    from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
    from mohpromt_verifier.formats.hcert.compression import compress, inflate

    message = cbor2.loads(inflate(b45decode(hc1[4:])))
    protected, unprotected, payload, signature = message.value
    forged = payload.replace(b"JAIDEE", b"JAIDEF")
    assert forged != payload
    return "HC1:" + b45encode(compress(cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, forged, signature]))))


@pytest.fixture
def verifier_url(authority, tmp_path):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.issuer.dcc.service import DccIssuer
    from mohpromt_verifier.verifier.app import create_verifier_app
    from mohpromt_verifier.verifier.verify_input import TrustOptions

    _require_browser()
    dsc = issue_dsc(authority, restrict_to="vaccination").certificate
    hc1 = DccIssuer(authority).issue(sample("vaccination")).hc1
    options = TrustOptions(directory=tmp_path / "no-trust-list", extra_dscs=(dsc,))
    with serving(create_verifier_app(options)) as url:
        yield {"url": f"{url}/", "hc1": hc1}


def _scan(url: str, video: Path, shot: Path) -> tuple[str, str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"])
        try:
            page = browser.new_page(viewport={"width": 420, "height": 900})
            page.goto(url)
            page.click("#start")
            page.wait_for_selector("#verdict:not(.idle)", timeout=20_000)
            page.screenshot(path=str(shot), full_page=True)
            return page.get_attribute("#verdict", "class") or "", page.inner_text("#verdict")
        finally:
            browser.close()


def test_camera_scan_shows_green_then_red_for_a_forgery(verifier_url, tmp_path) -> None:
    good = tmp_path / "good.y4m"
    _y4m(qr_png(verifier_url["hc1"]), good)
    css, text = _scan(verifier_url["url"], good, tmp_path / "valid.png")
    assert "valid" in css.split() and "ถูกต้อง / VALID" in text, text
    assert "สมชาย ใจดี" in text and "SOMCHAI JAIDEE" in text and "1985-04-12" in text and "2/2" in text

    forged = tmp_path / "forged.y4m"
    _y4m(qr_png(_tampered(verifier_url["hc1"])), forged)
    css, text = _scan(verifier_url["url"], forged, tmp_path / "forged.png")
    assert "invalid" in css.split() and "ไม่ถูกต้อง / INVALID" in text, text
    artefacts = Path(os.environ.get("MOHPROMT_TEST_ARTEFACTS", tmp_path))
    if artefacts != tmp_path:
        artefacts.mkdir(parents=True, exist_ok=True)
        for name in ("valid.png", "forged.png"):
            shutil.copy(tmp_path / name, artefacts / f"verifier-{name}")


def test_file_upload_and_offline_assets(verifier_url, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    png = tmp_path / "qr.png"
    png.write_bytes(qr_png(verifier_url["hc1"]))
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(verifier_url["url"])
            page.set_input_files("#file", str(png))
            page.wait_for_selector("#verdict.valid", timeout=20_000)
            assert "ถูกต้อง / VALID" in page.inner_text("#verdict")
        finally:
            browser.close()
    assert requests and all(url.startswith(verifier_url["url"]) for url in requests), requests
