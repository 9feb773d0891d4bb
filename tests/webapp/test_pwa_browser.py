"""The installable offline app in real headless Chromium (Playwright, the system /usr/bin/chromium),
served by a plain static web server: the service worker registers, a fake camera showing a DCC
we issued turns the screen green within 3 s, the app still loads and verifies with the browser
offline, a tampered DCC is red, an expired trust list amber; no horizontal scrolling and Sarabun
loaded at phone and desktop sizes; screenshots kept (MOHPROMT_TEST_ARTEFACTS, else tmp)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mohpromt_verifier.formats.qr import qr_png
from tests.verifier.test_verifier_app import CHROMIUM, CHROMIUM_ARGS, _require_browser, _tampered, _y4m  # type: ignore[import-not-found]
from tests.webapp.conftest import World, static_server  # type: ignore[import-not-found]
from tests.webapp.hostile_hcert import voucher_cases  # type: ignore[import-not-found]

SIZES = {"phone": (360, 740), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("MOHPROMT_TEST_ARTEFACTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _browser(playwright: Any, video: Path) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])


def _camera(tmp_path: Path, name: str, hc1: str) -> Path:
    video = tmp_path / f"{name}.y4m"
    _y4m(qr_png(hc1), video)
    return video


def _verdict(page: Any, timeout: int = 10_000) -> dict[str, Any]:
    page.wait_for_selector("#verdict[data-verdict]", timeout=timeout)
    return page.evaluate("() => ({verdict: document.querySelector('#verdict').dataset.verdict, "
                         "text: document.querySelector('main').innerText, at: window.__verifier.last.ms, "
                         "source: window.__verifier.last.source})")


def _until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll an expression (the page's CSP forbids the eval behind Playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def _layout(page: Any) -> dict[str, Any]:
    return page.evaluate("""async () => { await document.fonts.ready;
        return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                sarabun: document.fonts.check('16px Sarabun')}; }""")


def test_green_offline_and_on_every_screen(playwright: Any, world: World, tmp_path: Path, artefacts: Path) -> None:
    browser = _browser(playwright, _camera(tmp_path, "ours", world.hc1))
    requests: list[str] = []
    try:
        with static_server(world.app) as url:
            context = browser.new_context(viewport={"width": 360, "height": 740})
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url + "/")
            seen = _verdict(page)
            assert seen["verdict"] == "valid" and seen["source"] == "camera", seen["text"]
            assert seen["at"] < 3000, f"green after {seen['at']:.0f} ms"
            timing = page.evaluate("window.__verifier.last")
            size = sum(p.stat().st_size for p in world.app.rglob("*") if p.is_file())
            print(f"\napp {size / 1024:.0f} KiB; first load to green {seen['at']:.0f} ms; one frame: QR decode "
                  f"{timing['decodeMs']:.0f} ms, verification {timing['verifyMs']:.0f} ms")
            for words in ("ถูกต้อง", "VALID", "สมชาย ใจดี", "SOMCHAI JAIDEE", "1985-04-12", "Comirnaty",
                          "COVID-19", "โควิด-19", "Biontech", "2/2"):
                assert words in seen["text"], (words, seen["text"])
            assert "EU/1/20/1528" not in seen["text"].split("Checks")[0]
            assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
            _until(page, "caches.keys().then(names => names.some(n => n.startsWith('mohpromt-verifier-')))")
            for label, (width, height) in SIZES.items():
                page.set_viewport_size({"width": width, "height": height})
                layout = _layout(page)
                assert layout["scroll"] <= layout["inner"] and layout["sarabun"], (label, layout)
                page.screenshot(path=str(artefacts / f"webapp-valid-{label}.png"), full_page=True)
            page.set_viewport_size({"width": 360, "height": 740})
        # the server is gone and the context offline: the service worker serves the app
        context.set_offline(True)
        page.reload()
        offline = _verdict(page)
        assert offline["verdict"] == "valid", offline["text"]
        page.click(".other summary")
        page.fill("#qrtext", _tampered(world.hc1))
        page.click("#paste button")
        page.wait_for_selector("#verdict[data-verdict=invalid]", timeout=5_000)
        page.screenshot(path=str(artefacts / "webapp-offline-tampered-pasted.png"), full_page=True)
        page.fill("#qrtext", world.summary)  # the QR printed on a PDF we issued, verified offline too
        page.click("#paste button")
        page.wait_for_selector("#verdict[data-verdict=valid]", timeout=5_000)
        assert "มาลี ศรีสุข" in page.inner_text("#details")
        page.screenshot(path=str(artefacts / "webapp-offline-summary-pasted.png"), full_page=True)
        page.fill("#qrtext", world.voucher)  # a volunteer's reward voucher, its signer packed by the build
        page.click("#paste button")
        page.wait_for_selector("#verdict[data-verdict=valid]", timeout=5_000)
        details = page.inner_text("#details")
        assert "V-WEBAPP0001" in details and "shop-7" in details and "บัตรกำนัล" in details, details
        assert page.evaluate("window.__verifier.last.checks.map(c => c.join(':')).join(' ')") == (
            "decode:pass: signature:pass: key-purpose:pass: signer-trust:pass: validity:pass:")
        page.screenshot(path=str(artefacts / "webapp-offline-voucher-pasted.png"), full_page=True)
        page.fill("#qrtext", voucher_cases(world.voucher)["voucher-tampered"])
        page.click("#paste button")
        page.wait_for_selector("#verdict[data-verdict=invalid]", timeout=5_000)
        context.close()
    finally:
        browser.close()
    assert requests and all(r.startswith(url) for r in requests), [r for r in requests if not r.startswith(url)]


def test_tampered_red(playwright: Any, world: World, tmp_path: Path, artefacts: Path) -> None:
    browser = _browser(playwright, _camera(tmp_path, "tampered", _tampered(world.hc1)))
    try:
        with static_server(world.app) as url:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(url + "/")
            seen = _verdict(page)
            assert seen["verdict"] == "invalid", seen["text"]
            assert "ไม่ถูกต้อง" in seen["text"] and "INVALID" in seen["text"] and "signature" in seen["text"]
            page.screenshot(path=str(artefacts / "webapp-tampered-phone.png"), full_page=True)
    finally:
        browser.close()


def test_expired_trust_list_amber(playwright: Any, world: World, tmp_path: Path, artefacts: Path) -> None:
    browser = _browser(playwright, _camera(tmp_path, "ours-expired", world.hc1))
    try:
        with static_server(world.expired_app) as url:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(url + "/")
            seen = _verdict(page)
            assert seen["verdict"] == "indeterminate", seen["text"]
            assert "trust list expired" in seen["text"] and "หมดอายุ" in seen["text"]
            assert page.get_attribute("#trust", "data-expired") == "true"
            page.screenshot(path=str(artefacts / "webapp-expired-trust-phone.png"), full_page=True)
    finally:
        browser.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_expired_lists_refreshed_online_then_kept_offline(playwright: Any, world: World, tmp_path: Path,
                                                          artefacts: Path) -> None:
    """The lists are published beside the app (where the cache imported them from): online, the app
    re-fetches them, verifies each against the pinned signer, keeps them in IndexedDB; offline
    afterwards it still has them (green), though its built-in trust.json is the expired one. The
    same for the voucher signers (built without any, the service's PEM URL named): only the
    certificate that chains to the pinned root with the voucher EKU is kept (not the root, not
    the DSC an attacker added), and a voucher then verifies offline."""
    import json

    app = tmp_path / "app"
    shutil.copytree(world.expired_app, app)
    shutil.copytree(world.lists, app / "lists")
    (app / "vouchers-trust.pem").write_bytes(world.voucher_signers.read_bytes())  # root, voucher signer, DSC
    browser = _browser(playwright, _camera(tmp_path, "ours-refresh", world.hc1))
    try:
        with static_server(app) as url:
            bundle = json.loads((app / "trust.json").read_text("utf-8"))
            assert not bundle.get("voucher_signers")
            bundle["voucher_source"] = url + "/vouchers-trust.pem"
            (app / "trust.json").write_text(json.dumps(bundle), "utf-8")
            context = browser.new_context(viewport={"width": 360, "height": 740})
            page = context.new_page()
            page.goto(url + "/")
            _until(page, "window.__verifier.refreshed !== undefined")
            page.evaluate("window.__verifier.refreshed")
            page.wait_for_selector("#trust[data-expired=false]", timeout=10_000)
            _until(page, "document.querySelector('#verdict').dataset.verdict === 'valid'")
            assert page.evaluate("window.__verifier.bundle.voucher_signers.length") == 1
        context.set_offline(True)
        page.reload()
        page.wait_for_selector("#trust[data-expired=false]", timeout=10_000)
        assert _verdict(page)["verdict"] == "valid"
        page.screenshot(path=str(artefacts / "webapp-refreshed-offline-phone.png"), full_page=True)
        page.click(".other summary")
        page.fill("#qrtext", world.voucher)
        page.click("#paste button")
        page.wait_for_selector("#verdict[data-verdict=valid]", timeout=5_000)
        context.close()
    finally:
        browser.close()


def test_served_by_verifier_serve_with_pdf_online_and_offline(playwright: Any, world: World, tmp_path: Path,
                                                              artefacts: Path) -> None:
    """`verifier serve` hosts the app at /app/ (its CSP lets WebAssembly run): a QR verifies in the page;
    a PDF goes to the service when online; offline the page says a PDF cannot be checked offline."""
    from mohpromt_verifier.verifier.app import create_verifier_app
    from mohpromt_verifier.verifier.verify_input import TrustOptions
    from tests.conftest import serving  # type: ignore[import-not-found]

    pdf = tmp_path / "not-signed.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    browser = _browser(playwright, _camera(tmp_path, "ours-served", world.hc1))
    try:
        with serving(create_verifier_app(TrustOptions(directory=world.cache), app_dir=world.app)) as url:
            context = browser.new_context(viewport={"width": 360, "height": 740})
            page = context.new_page()
            page.goto(url + "/app/")
            assert _verdict(page)["verdict"] == "valid"
            page.click(".other summary")
            page.set_input_files("#file", str(pdf))
            _until(page, "window.__verifier.pdf !== undefined")
            online = page.evaluate("window.__verifier.pdf")
            assert online["asked"] == "service" and (online["status"] == "error" or online["verdict"] != "valid")
            _until(page, "navigator.serviceWorker.ready.then(r => !!r.active)")
            context.set_offline(True)
            page.evaluate("window.__verifier.pdf = undefined")
            page.set_input_files("#file", [])
            page.set_input_files("#file", str(pdf))
            _until(page, "window.__verifier.pdf !== undefined")
            assert page.evaluate("window.__verifier.pdf")["asked"] == "nobody"
            text = page.inner_text("#verdict")
            assert "cannot be checked offline" in text and "ออฟไลน์" in text, text
            page.screenshot(path=str(artefacts / "webapp-pdf-offline-phone.png"), full_page=True)
            context.close()
    finally:
        browser.close()
