"""``mohpromt-ca verifier build -o DIR [--trust-list TRUSTDIR]``: the offline app as static files.

``--voucher-trust FILE|URL`` adds the voucher-signing certificates (the PEM of the service's
``GET /api/v1/vouchers/trust``), each checked first to chain to the cache's pinned anchors with the
voucher-signing EKU (what ``mohpromt-ca verify MPV1:...`` requires); a URL is also where the app
re-fetches them when online (they are trusted there only after the same check in the browser).

DIR gets index.html, app.css, manifest.webmanifest, sw.js (its cache named after this build),
verify.mjs, app.js, zxing_reader.wasm, the Sarabun fonts (fontpkg-sarabun), icons, trust.json
(the signed lists of a trust-list cache, still signed: the app verifies each against the pinned
trust-list signer before use) and build.json. Python only: the JavaScript comes from the
committed bundle in dist/, so ``pip install`` users need no node.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

from mohpromt_verifier.errors import InputError

HERE = Path(__file__).resolve().parent
STATIC = ("index.html", "app.css", "manifest.webmanifest")
BUNDLE = ("verify.mjs", "app.js", "zxing_reader.wasm")
FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
TRUST_FORMAT = "mohpromt-webapp-trust/1"
#: list shapes the app verifies itself (the national two-line shape, signed by the trust-list key)
TWO_LINE_SHAPES = ("national", "revocation", "document-revocation", "signers")


def trust_bundle(trust_dir: Path | None) -> dict[str, Any]:
    """The cache's lists as the app takes them: raw signed bytes, the pinned anchors, ages."""
    bundle: dict[str, Any] = {"format": TRUST_FORMAT, "anchors": [], "lists": [], "pdf_anchors": [], "skipped": []}
    if trust_dir is None:
        return bundle
    lists = trust_dir / "lists"
    if not lists.is_dir():
        raise InputError(f"{trust_dir} is not a trust-list cache (no lists/ folder)")
    anchors: list[str] = []
    for path in sorted(lists.glob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        common = {k: record.get(k) for k in ("name", "kind", "shape", "source", "fetched_at", "expires_at")}
        if record.get("kind") == "anchors":
            # roots and CAs for the MPC1: signers (verified on import: TS 119 612 XML or PEM): pinned by the build
            for entry in record.get("entries", []):
                if entry.get("rawData") and entry["rawData"] not in bundle["pdf_anchors"]:
                    bundle["pdf_anchors"].append(entry["rawData"])
        elif record.get("manual"):
            bundle["lists"].append({**common, "manual": True, "entries": record.get("entries", [])})
        elif record.get("shape") in TWO_LINE_SHAPES and record.get("raw") and (record.get("anchor") or {}).get("pem"):
            pem = record["anchor"]["pem"]
            if pem not in anchors:
                anchors.append(pem)
            bundle["lists"].append({**common, "raw": record["raw"], "anchor_sha256": record["anchor"].get("sha256")})
        else:  # gateway JSON (per-entry CMS): the app takes the national two-line lists
            bundle["skipped"].append({"name": record.get("name"), "shape": record.get("shape")})
    bundle["anchors"] = anchors
    return bundle


MAX_VOUCHER_TRUST = 256 * 1024


def _read_voucher_trust(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310 - http(s) only, checked above
                data: bytes = response.read(MAX_VOUCHER_TRUST + 1)
        except (urllib.error.URLError, OSError) as exc:
            raise InputError(f"cannot fetch the voucher trust from {source}: {exc}") from None
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_VOUCHER_TRUST + 1)
        except OSError as exc:
            raise InputError(f"cannot read the voucher trust {source}: {exc.strerror}") from None
    if len(data) > MAX_VOUCHER_TRUST:
        raise InputError(f"the voucher trust {source} is larger than {MAX_VOUCHER_TRUST} bytes")
    return data


def voucher_signers(source: str, pdf_anchors: list[str], *, now: dt.datetime) -> list[str]:
    """The voucher-signing certificates of a PEM bundle (base64 DER), each checked to chain to the
    pinned ``pdf_anchors`` with the voucher-signing EKU now; self-signed ones (the root the service
    sends along) are left out, never taken as anchors."""
    import base64

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_verifier.clock import FixedClock
    from mohpromt_verifier.verifier.voucher_verifier import VoucherVerification, signer_trusted

    try:
        certificates = x509.load_pem_x509_certificates(_read_voucher_trust(source))
    except ValueError:
        raise InputError(f"the voucher trust {source} is not a PEM certificate bundle") from None
    if not pdf_anchors:
        raise InputError("--voucher-trust needs --trust-list with our anchors (the voucher signers are checked "
                         "against them, as the app does)")
    anchors = [x509.load_der_x509_certificate(base64.b64decode(b64)) for b64 in pdf_anchors]
    how = VoucherVerification(signer_certificates=(), anchors=tuple(c for c in anchors if c.subject == c.issuer),
                              intermediates=tuple(c for c in anchors if c.subject != c.issuer), clock=FixedClock(now))
    out = []
    for certificate in certificates:
        if certificate.subject == certificate.issuer:
            continue
        ok, detail = signer_trusted(certificate, how)
        if not ok:
            raise InputError(f"the voucher signer {certificate.subject.rfc4514_string()} is not trusted by this "
                             f"trust list's anchors: {detail}")
        out.append(base64.b64encode(certificate.public_bytes(Encoding.DER)).decode())
    if not out:
        raise InputError(f"the voucher trust {source} holds no voucher-signing certificate")
    return out


def _refresh_origins(bundle: dict[str, Any]) -> list[str]:
    from urllib.parse import urlsplit

    origins = []
    sources = [str(item.get("source") or "") for item in bundle["lists"]] + [str(bundle.get("voucher_source") or "")]
    for source in sources:
        parts = urlsplit(source)
        if parts.scheme in ("http", "https") and parts.netloc and "'" not in parts.netloc and " " not in parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def _icon(size: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), (11, 93, 59))
    draw = ImageDraw.Draw(image)
    s = size / 192
    draw.rounded_rectangle((36 * s, 36 * s, 156 * s, 156 * s), radius=18 * s, fill=(255, 255, 255))
    draw.line([(62 * s, 98 * s), (86 * s, 124 * s), (132 * s, 70 * s)], fill=(10, 125, 50), width=int(16 * s))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fonts() -> Path:
    try:
        import fontpkg_sarabun
    except ImportError:
        raise InputError("the Sarabun fonts are missing (pip install fontpkg-sarabun)") from None
    return Path(fontpkg_sarabun.__file__).resolve().parent


def write_app(out: Path, *, trust_dir: Path | None = None, now: dt.datetime | None = None,
              voucher_trust: str | None = None) -> dict[str, Any]:
    """Write the app into ``out`` (created; files replaced); returns build.json's content.
    ``voucher_trust``: a PEM file or the service's ``/api/v1/vouchers/trust`` URL."""
    bundle = trust_bundle(trust_dir)
    if voucher_trust is not None:
        bundle["voucher_signers"] = voucher_signers(voucher_trust, bundle["pdf_anchors"],
                                                    now=now or dt.datetime.now(dt.UTC))
        if voucher_trust.startswith(("http://", "https://")):
            bundle["voucher_source"] = voucher_trust
    out.mkdir(parents=True, exist_ok=True)
    (out / "fonts").mkdir(exist_ok=True)
    for name in STATIC:
        shutil.copyfile(HERE / "static" / name, out / name)
    origins = _refresh_origins(bundle)
    if origins:  # the published URLs the lists are re-fetched from: the only other hosts the page may ask
        page = (out / "index.html").read_text("utf-8")
        (out / "index.html").write_text(page.replace("connect-src 'self'", "connect-src 'self' " + " ".join(origins)),
                                        "utf-8")
    for name in BUNDLE:
        shutil.copyfile(HERE / "dist" / name, out / name)
    fonts = _fonts()
    for name in FONTS:
        shutil.copyfile(fonts / "files" / name, out / "fonts" / name)
    if (fonts / "LICENSE").is_file():
        shutil.copyfile(fonts / "LICENSE", out / "fonts" / "OFL.txt")
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(_icon(size))
    (out / "trust.json").write_text(json.dumps(bundle, ensure_ascii=False, indent=1) + "\n", "utf-8")
    cached = [*STATIC, *BUNDLE, *(f"fonts/{n}" for n in FONTS), "icon-192.png", "icon-512.png", "trust.json"]
    build = hashlib.sha256(b"".join(hashlib.sha256((out / n).read_bytes()).digest() for n in cached)).hexdigest()
    files = ["./", *cached, "build.json"]
    worker = (HERE / "static" / "sw.js").read_text("utf-8")
    worker = worker.replace("__BUILD__", build[:16]).replace("__FILES__", json.dumps(files))
    (out / "sw.js").write_text(worker, "utf-8")
    info = {"build": build, "built_at": (now or dt.datetime.now(dt.UTC)).isoformat(), "files": [*cached, "sw.js"],
            "trust_lists": [{k: item.get(k) for k in ("name", "kind", "fetched_at", "expires_at")}
                            for item in bundle["lists"]],
            "trust_lists_skipped": bundle["skipped"], "voucher_signers": len(bundle.get("voucher_signers", []))}
    (out / "build.json").write_text(json.dumps(info, indent=1) + "\n", "utf-8")
    return info


def app_size(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
