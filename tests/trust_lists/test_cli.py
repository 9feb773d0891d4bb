"""The trust-list commands end to end, as real processes: publish, pin, import (file and
URL), show, refuse, update, manual pins, dcc revoke; cache commands never touch the CA."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest


@pytest.fixture
def http_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_trust_list_cli_end_to_end(cli, tmp_path, http_dir) -> None:
    served, base = http_dir
    cli("init")
    dsc = json.loads(cli("dsc", "issue", "--json").stdout)
    cli("trust-list", "signer", "-o", str(tmp_path / "signer.pem"))
    assert (tmp_path / "data" / "certs" / "trust-list.pem").read_bytes() == (tmp_path / "signer.pem").read_bytes()
    for fmt in ("gateway", "national", "revocation", "pem", "tsl"):
        cli("trust-list", "export", "--format", fmt, "-o", str(tmp_path / f"ours.{fmt}"))

    # a border post's cache, elsewhere: no CA, no database, no key needed from here on
    border = {k: v for k, v in cli.env.items() if k != "MOHPROMT_KEY_PASSPHRASE"}
    border["MOHPROMT_DATA_DIR"] = str(tmp_path / "border")
    cache = tmp_path / "border-cache"
    anchor = str(tmp_path / "signer.pem")
    imported = json.loads(cli("trust-list", "import", str(tmp_path / "ours.national"), "--anchor", anchor,
                              "--trust-list", str(cache), "--json", environment=border).stdout)
    # every active DSC is listed: `init` provisions one per DCC type (authority.dsc.provision_dscs), plus ours
    active = [d for d in json.loads(cli("dsc", "list", "--json").stdout) if d["status"] == "active"]
    assert dsc["kid"] in {d["kid"] for d in active} and len(active) == 4
    assert imported["status"] == "stored" and imported["entries"] == len(active) and imported["shape"] == "national"
    cli("trust-list", "import", str(tmp_path / "ours.tsl"), "--anchor", anchor, "--trust-list", str(cache),
        environment=border)
    cli("trust-list", "import", str(tmp_path / "ours.revocation"), "--anchor", anchor, "--trust-list", str(cache),
        environment=border)
    assert not (tmp_path / "border").exists()  # nothing written in a data directory: the cache is where we said

    # refused: wrong anchor -> one line, non-zero, the cached list untouched
    wrong = cli("trust-list", "import", str(tmp_path / "ours.gateway"), "--anchor",
                str(tmp_path / "data" / "certs" / "tsa.pem"), "--trust-list", str(cache), check=False,
                environment=border)
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1 and "anchor" in wrong.stderr

    # a manual pin (the DSC taken from the gateway list, as DER)
    raw = json.loads((tmp_path / "ours.gateway").read_text())[0]["rawData"]
    (tmp_path / "dsc.der").write_bytes(base64.b64decode(raw))
    cli("trust-list", "add", "--dsc", str(tmp_path / "dsc.der"), "--trust-list", str(cache), environment=border)
    shown = json.loads(cli("trust-list", "show", "--json", "--trust-list", str(cache), environment=border).stdout)
    dsc_rows = [e for e in shown["entries"] if e["kind"] == "dsc"]
    assert {(e["kid"], e["country"], e["type"], e["manual"]) for e in dsc_rows if e["kid"] == dsc["kid"]} == {
        (dsc["kid"], "TH", "DSC", False), (dsc["kid"], "TH", "DSC", True)}
    assert len(dsc_rows) == len(active) + 1  # the imported list's DSCs and the manual pin
    assert all(e["source"] and e["fetched_at"] and e["not_after"] for e in dsc_rows)
    assert {c["kind"] for c in shown["lists"]} == {"dsc", "anchors", "revocation"}
    human = cli("trust-list", "show", "--trust-list", str(cache), environment=border).stdout
    assert dsc["kid"] in human and "manual" in human
    log = json.loads(cli("trust-list", "log", "--json", "--trust-list", str(cache), environment=border).stdout)
    assert log["intact"] and [e["action"] for e in log["entries"]][-2:] == ["refuse", "add-dsc"]

    # from a URL, then `update` re-fetches it; an older list at the URL is refused and the cached one stays
    (served / "th.txt").write_bytes((tmp_path / "ours.national").read_bytes())
    url_cache = str(tmp_path / "url-cache")
    cli("trust-list", "import", f"{base}/th.txt", "--anchor", anchor, "--trust-list", url_cache, environment=border)
    newer = tmp_path / "newer.national"
    cli("trust-list", "export", "--format", "national", "-o", str(newer))
    (served / "th.txt").write_bytes(newer.read_bytes())
    updated = json.loads(cli("trust-list", "update", "--json", "--trust-list", url_cache, environment=border).stdout)
    assert [u["status"] for u in updated] == ["stored"]
    (served / "th.txt").write_bytes((tmp_path / "ours.national").read_bytes())  # replayed: older
    stale = cli("trust-list", "update", "--json", "--trust-list", url_cache, check=False, environment=border)
    assert stale.returncode == 1 and json.loads(stale.stdout)[0]["status"] == "refused"
    kept = json.loads(cli("trust-list", "show", "--json", "--trust-list", url_cache, environment=border).stdout)
    assert len(kept["lists"]) == 1 and kept["lists"][0]["source"].endswith("/th.txt")

    # without --trust-list the cache is DATA_DIR/trust-list, where `mohpromt-ca verify` looks
    cli("trust-list", "import", str(tmp_path / "ours.national"), "--anchor", anchor, environment=border)
    assert (tmp_path / "border" / "trust-list" / "lists").is_dir()

    # dcc revoke: ours only
    missing = cli("dcc", "revoke", "URN:UVCI:01:TH:NOSUCH", check=False)
    assert missing.returncode != 0 and "no DCC" in missing.stderr


def test_cache_commands_do_not_load_the_ca(tmp_path) -> None:
    code = ("import sys\nfrom mohpromt_ca.cli import main\n"
            f"try:\n    main(['trust-list', 'show', '--trust-list', {str(tmp_path)!r}])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('sqlalchemy', 'mohpromt_ca.authority.context', 'pkilint', 'pyhanko.sign', 'fastapi')"
            " if m in sys.modules]\nprint('HEAVY=' + ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
