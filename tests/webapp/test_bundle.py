"""The committed bundle (verifier/mohpromt_verifier/webapp/dist) is the build of the committed
sources and lock file: BUILD-STAMP.json holds the digest of every input and output, recomputed
here in Python (no node needed); `verifier build` writes every file the app needs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mohpromt_verifier.cli import verifier_main
from mohpromt_verifier.webapp import stamp


def test_committed_bundle_matches_its_sources_and_lock() -> None:
    recorded = json.loads((stamp.HERE / "dist" / "BUILD-STAMP.json").read_text("utf-8"))
    assert recorded == stamp.current(), (
        "the bundle in webapp/dist is stale: run `npm ci && npm run build` in verifier/mohpromt_verifier/webapp")
    lock = json.loads((stamp.HERE / "package-lock.json").read_text("utf-8"))
    wanted = json.loads((stamp.HERE / "package.json").read_text("utf-8"))["devDependencies"]
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version  # exact pins, locked


def test_build_writes_a_complete_app_without_trust_data(tmp_path: Path) -> None:
    out = tmp_path / "app"
    result = CliRunner().invoke(verifier_main, ["build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("index.html", "manifest.webmanifest", "sw.js", "verify.mjs", "app.js", "zxing_reader.wasm",
                 "fonts/Sarabun-Regular.ttf", "icon-192.png", "icon-512.png", "trust.json", "build.json"):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.webmanifest").read_text("utf-8"))
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    worker = (out / "sw.js").read_text("utf-8")
    assert "__FILES__" not in worker and '"verify.mjs"' in worker and '"fonts/Sarabun-Regular.ttf"' in worker
    assert json.loads((out / "trust.json").read_text("utf-8"))["lists"] == []
    page = (out / "index.html").read_text("utf-8")
    assert "http://" not in page and "https://" not in page  # no CDN: nothing from another host
