"""Documents and signers the CLI makes are announced to plugins too: a plugin found through a
real entry point (a dist-info on PYTHONPATH, as an installed distribution would be) records
every event it gets in the CLI's own process."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from .test_client import DCC_VACCINATION

PLUGIN = '''
import json, os
from mohpromt_ca.plugins.interface import PluginBase

class EventLog(PluginBase):
    name = "eventlog"
    version = "1.0"

    def setup(self, context):
        self.table_prefix = context.table_prefix

    def on_event(self, event):
        with open(os.environ["EVENTLOG_FILE"], "a", encoding="utf-8") as out:
            out.write(json.dumps({"event": event.name, "number": getattr(event, "number", None),
                                  "signer": getattr(event, "signer_id", None),
                                  "subject": getattr(event, "subject_id", None), "actor": event.actor,
                                  "prefix": self.table_prefix}) + "\\n")
'''


@pytest.fixture
def plugin_path(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "eventlog_dist-1.0.dist-info").mkdir(parents=True)
    (root / "eventlog_dist-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: eventlog-dist\nVersion: 1.0\n", encoding="utf-8")
    (root / "eventlog_dist-1.0.dist-info" / "entry_points.txt").write_text(
        "[mohpromt_ca.plugins]\neventlog = eventlog_plugin:EventLog\n", encoding="utf-8")
    (root / "eventlog_plugin.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    return root


def test_cli_announces_documents_and_signers(tmp_path: Path, cli, plugin_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "events.jsonl"
    env = {**cli.env, "PYTHONPATH": os.pathsep.join([str(plugin_path), os.environ.get("PYTHONPATH", "")]),
           "EVENTLOG_FILE": str(log)}

    def run(*args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(cli(*args, "--json", environment=env).stdout)

    def events() -> list[dict]:  # type: ignore[type-arg]
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    listed = run("plugins", "list")
    assert "eventlog" in [p["name"] for p in listed["loaded"]]
    cli("init", environment=env)
    facility = run("facility", "register", "--type", "medical-clinic", "--licence", "10100001234",
                   "--name-th", "คลินิก", "--name-en", "Clinic", "--address", "1 ถนนสีลม กรุงเทพมหานคร")
    cli("facility", "approve", str(facility["id"]), environment=env)
    signer = run("signer", "enrol", "--facility", str(facility["id"]), "--profession", "physician",
                 "--licence", "ว.12345", "--name-th", "นายแพทย์ สมชาย ใจดี", "--name-en", "Somchai Jaidee")
    assert events()[-1] == {"event": "signer.enrolled", "number": None, "signer": signer["id"], "subject": None,
                            "actor": "cli-test", "prefix": "plugin_eventlog_"}

    sample = json.loads(cli("templates", "show", "atk", "--sample", environment=env).stdout)
    data = tmp_path / "one.json"
    data.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    issued = run("sign", "--template", "atk", "--data", str(data), "-o", str(tmp_path / "one.pdf"),
                 "--signer", str(signer["id"]), "--level", "B-B")
    last = events()[-1]
    assert (last["event"], last["number"], last["signer"]) == ("document.issued", issued["document_number"],
                                                               signer["id"])
    assert last["subject"] and len(last["subject"]) == 13  # the citizen ID, for a records module

    lines = []
    for i in range(3):
        record = json.loads(json.dumps(sample))
        record["document_number"] = f"ATK-EV-{i}"
        lines.append(json.dumps(record, ensure_ascii=False))
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for _ in range(2):  # the second run issues nothing new and announces nothing
        run("sign", "--template", "atk", "--data", str(batch), "--out-dir", str(tmp_path / "out"),
            "--signer", str(signer["id"]), "--level", "B-B", "--workers", "1")
    bulk = [e["number"] for e in events() if e["event"] == "document.issued"][1:]
    assert sorted(bulk) == ["ATK-EV-0", "ATK-EV-1", "ATK-EV-2"]

    cli("dsc", "issue", environment=env)
    dcc_data = tmp_path / "dcc.json"
    dcc_data.write_text(json.dumps(DCC_VACCINATION, ensure_ascii=False), encoding="utf-8")
    dcc = run("dcc", "issue", str(dcc_data))
    assert events()[-1]["number"] == dcc["uvci"]

    run("revoke", signer["serial"], "--reason", "keyCompromise")
    assert events()[-1]["event"] == "signer.revoked" and events()[-1]["signer"] == signer["id"]
    assert len(events()) == 7
