"""Backup and restore (issue 19, part 1): a backup taken while the service issues restores onto
SQLite and onto PostgreSQL, passes `audit verify`, and the restored authority issues a PDF and a
DCC that verify; a PostgreSQL register goes through pg_dump / pg_restore; an altered, truncated
or wrongly-keyed archive is refused."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_PASSPHRASE, make_settings, serving  # type: ignore[import-not-found]

BACKUP_PASSPHRASE = "backup-passphrase-for-tests"
VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}


@contextlib.contextmanager
def fresh_database(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL database of its own (pg_dump takes a whole database), dropped afterwards."""
    import psycopg

    name = f"h19_backup_{secrets.token_hex(5)}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(data_dir), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_BACKUP_PASSPHRASE": BACKUP_PASSPHRASE, "MOHPROMT_BASE_URL": "http://127.0.0.1:8000"}
    env.pop("MOHPROMT_DATABASE_URL", None)
    if database_url:
        env["MOHPROMT_DATABASE_URL"] = database_url
    return env


def _world(authority: Any, facility: Any) -> dict[str, Any]:
    from mohpromt_ca.application.accounts import create_api_key
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.registration.desk import enrol_signer

    signer = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer
    issue_dsc(authority)
    return {"facility": facility, "signer": signer, "key": create_api_key(authority, facility_id=facility.id)[1]}


def _issue_and_verify(authority: Any, world: dict[str, Any], number: str) -> None:
    """Through the restored authority's own service: a PDF and a DCC, each verified offline."""
    from mohpromt_ca.authority.dsc import list_dscs
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.templates import get_type
    from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf
    from mohpromt_verifier.verifier.trust import CertificateList

    # the signer and facility blocks and the issue time come from the register and the clock
    data = copy.deepcopy(get_type("general-health").request_sample(dt.datetime.now(dt.UTC)))
    data["document_number"] = number
    auth = {"Authorization": f"Bearer {world['key']}"}  # the key made before the backup still works
    with serving(create_service_app(authority)) as url, httpx.Client(base_url=url, timeout=120) as client:
        assert client.get("/readyz").status_code == 200
        issued = client.post("/api/v1/documents/pdf", headers=auth, json={
            "type": "general-health", "data": data, "signer_id": world["signer"].id, "level": "B-LT"})
        assert issued.status_code == 201, issued.text
        pdf = client.get(issued.json()["download_url"], headers=auth).content
        dcc = client.post("/api/v1/documents/dcc", headers=auth, json={"data": VACCINATION})
        assert dcc.status_code == 201, dcc.text
    report = verify_pdf(pdf, PdfVerification(anchors=(authority.certificate_of("root"),), clock=SYSTEM_CLOCK))
    assert report.verdict == "valid", report.to_text()
    trust = CertificateList([d.certificate for d in list_dscs(authority)])
    verdict = verify_hc1(dcc.json()["hc1"], HcertVerification(trust=trust, clock=SYSTEM_CLOCK, rules=None))
    assert verdict.verdict == "valid", verdict.to_text()


def _issue_dcc_and_verify(authority: Any, world: dict[str, Any]) -> None:
    """A DCC through the application layer (as the API would) with the key made before the backup."""
    from mohpromt_ca.application.accounts import authenticate_api_key
    from mohpromt_ca.application.documents import DocumentService
    from mohpromt_ca.authority.dsc import list_dscs
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
    from mohpromt_verifier.verifier.trust import CertificateList

    view = DocumentService(authority).issue_dcc(authenticate_api_key(authority, world["key"]), data=VACCINATION)
    from mohpromt_ca.application.artefacts import artefact_store

    hc1 = artefact_store(authority).get(view.sha256, ".hc1").decode()  # a file on SQLite, a row on PostgreSQL
    trust = CertificateList([d.certificate for d in list_dscs(authority)])
    verdict = verify_hc1(hc1, HcertVerification(trust=trust, clock=SYSTEM_CLOCK, rules=None))
    assert verdict.verdict == "valid", verdict.to_text()


def _documents(authority: Any) -> set[tuple[str, str]]:
    from sqlalchemy import select

    from mohpromt_ca.storage.models import IssuedDocument

    with authority.register.reading() as session:
        return {(n, s) for n, s in session.execute(select(IssuedDocument.document_number, IssuedDocument.sha256))}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_backup_under_load_restores_onto_sqlite_and_postgresql(authority, approved_facility, tmp_path,
                                                                postgres_server) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.backup import restore_backup, verify_backup
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.service.app import create_service_app

    world = _world(authority, approved_facility)
    archive = tmp_path / "backups" / "ca.mbk"
    issued: list[str] = []
    stop = threading.Event()
    with serving(create_service_app(authority)) as url:
        def load() -> None:  # issuance keeps running while the backup is taken
            with httpx.Client(base_url=url, timeout=60) as client:
                while not stop.is_set():
                    answer = client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                                         headers={"Authorization": f"Bearer {world['key']}"})
                    assert answer.status_code == 201, answer.text
                    issued.append(answer.json()["uvci"])

        worker = threading.Thread(target=load, daemon=True)
        worker.start()
        while len(issued) < 3:
            worker.join(0.05)
            assert worker.is_alive()
        before = len(issued)
        made = _cli("backup", "-o", str(archive), "--json", env=_env(authority.settings.data_dir))
        during = len(issued) - before
        stop.set()
        worker.join(60)
    assert made.returncode == 0, made.stderr
    assert during > 0  # documents were issued while the backup ran
    summary = json.loads(made.stdout)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert summary["register"] == "sqlite" and before <= summary["documents"] <= len(issued)

    checked = verify_backup(archive, BACKUP_PASSPHRASE)
    assert checked.documents == summary["documents"] and checked.check == "SQLite integrity check ok"

    # onto SQLite in a new data directory: the audit chain verifies, every row has its file
    restored_dir = tmp_path / "restored"
    done = _cli("restore", str(archive), "--data-dir", str(restored_dir), env=_env(tmp_path / "unused"))
    assert done.returncode == 0, done.stderr
    assert "audit log intact" in done.stdout
    assert restored_dir.stat().st_mode & 0o777 == 0o700
    restored = Authority.open(make_settings(restored_dir), actor="test-officer")
    try:
        rows = _documents(restored)
        assert len(rows) == summary["documents"]
        assert all((restored_dir / "documents" / f"{sha}.hc1").exists() for number, sha in rows
                   if number.startswith("URN:UVCI"))
        _issue_and_verify(restored, world, "AFTER-RESTORE-1")
    finally:
        restored.close()
    with pytest.raises(ConfigError, match="not empty"):
        restore_backup(archive, BACKUP_PASSPHRASE, make_settings(restored_dir))

    # the same archive onto PostgreSQL, row by row into an empty database
    with fresh_database(postgres_server) as database:
        on_pg = restore_backup(archive, BACKUP_PASSPHRASE, make_settings(tmp_path / "on-pg", database))
        assert on_pg.audit_intact
        pg = Authority.open(make_settings(tmp_path / "on-pg", database), actor="test-officer")
        try:
            assert len(_documents(pg)) == summary["documents"]
            _issue_dcc_and_verify(pg, world)  # the sequences moved past the copied ids
        finally:
            pg.close()


def test_postgresql_register_round_trip_and_damaged_archives(tmp_path, postgres_server) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.backup import create_backup, restore_backup, verify_backup
    from mohpromt_ca.application.sealed_stream import BackupDamaged
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.storage.database import upgrade_database

    with fresh_database(postgres_server) as source, fresh_database(postgres_server) as target:
        upgrade_database(source)
        settings = make_settings(tmp_path / "data", source)
        authority = Authority.open(settings, actor="test-officer")
        try:
            initialise(authority, organisation="Ministry of Public Health", country="TH")
        finally:
            authority.close()
        (tmp_path / "data" / "plugins" / "rewards").mkdir(parents=True)
        (tmp_path / "data" / "plugins" / "rewards" / "ledger.key").write_bytes(b"k" * 32)
        archive = tmp_path / "pg.mbk"
        made = create_backup(settings, archive, BACKUP_PASSPHRASE)
        assert made.dialect == "postgresql" and made.files >= 17
        assert "pg_restore reads the dump" in verify_backup(archive, BACKUP_PASSPHRASE).check
        with pytest.raises(Exception, match="exists"):
            create_backup(settings, archive, BACKUP_PASSPHRASE)  # never overwritten

        done = restore_backup(archive, BACKUP_PASSPHRASE, make_settings(tmp_path / "restored", target))
        assert made.sealing.startswith("sealed ")  # backup seals the pending entries before its snapshot
        assert done.audit_intact and done.audit["entries"] > 0 and done.audit["pending"] == 0
        assert (tmp_path / "restored" / "plugins" / "rewards" / "ledger.key").read_bytes() == b"k" * 32

    data = archive.read_bytes()
    damaged = [("flipped", data[:-5000] + bytes([data[-5000] ^ 1]) + data[-4999:], "altered"),
               ("truncated", data[: len(data) // 2], "truncated|altered"),
               ("cut at a chunk", data[:-17], "truncated|altered"),
               ("appended", data + b"x", "after its last chunk|damaged frame|truncated"),
               ("not ours", b"PK\x03\x04" + data[4:], "not a mohpromt-ca backup")]
    for name, content, message in damaged:
        path = tmp_path / f"{name}.mbk"
        path.write_bytes(content)
        with pytest.raises(BackupDamaged, match=message):
            verify_backup(path, BACKUP_PASSPHRASE)
    with pytest.raises(BackupDamaged, match="passphrase is wrong"):
        verify_backup(archive, "not the passphrase")
    with pytest.raises(BackupDamaged):  # a damaged archive restores nothing
        restore_backup(tmp_path / "flipped.mbk", BACKUP_PASSPHRASE, make_settings(tmp_path / "never"))
    assert not (tmp_path / "never").exists()
    assert not list(tmp_path.glob(".never.restoring-*"))
