"""Many processes issuing at once: distinct serials, one linear audit chain once sealed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mohpromt_ca.storage.audit import verify
from mohpromt_ca.storage.models import Certificate

WORKERS = 8
PER_WORKER = 50
WORKER = Path(__file__).with_name("enrol_worker.py")


@pytest.mark.postgres
@pytest.mark.slow
def test_eight_processes_fifty_signers_each_on_postgres(tmp_path, postgres_url) -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from tests.conftest import make_settings  # type: ignore[import-not-found]

    settings = make_settings(tmp_path / "data", postgres_url)
    authority = Authority.open(settings, actor="officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    facility = register_facility(authority, type="public-hospital", licence="H-PAR", name_th="โรงพยาบาล",
                                 name_en="Parallel Hospital")
    decide_facility(authority, facility.id, "approve")
    dump = json.dumps({**settings.model_dump(mode="json"),
                       "key_passphrase": settings.key_passphrase.get_secret_value()})
    workers = [subprocess.Popen([sys.executable, str(WORKER), dump, str(facility.id), str(w), str(PER_WORKER)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(WORKERS)]
    serials = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-2000:]
        serials.extend(json.loads(out))
    assert len(serials) == WORKERS * PER_WORKER
    assert len(set(serials)) == WORKERS * PER_WORKER
    from mohpromt_ca.application.audit_log import seal_pending

    seal_pending(authority)  # the sequencer chains what the workers appended (no lock while they ran)
    with authority.register.transaction() as session:
        issued = session.execute(select(func.count()).select_from(Certificate)
                                 .where(Certificate.profile == "signer", Certificate.status == "issued")).scalar_one()
        verdict = verify(session)
    assert issued == WORKERS * PER_WORKER
    assert verdict.intact, verdict.problem
    assert verdict.entries > 3 * WORKERS * PER_WORKER  # key.generate + signer.enrol + certificate.issue each
    authority.close()


def test_duplicate_serial_is_refused_by_the_database(authority) -> None:
    existing = authority.certificate_of("root").serial_number
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(IntegrityError):
        with authority.register.transaction() as session:
            session.add(Certificate(serial=format(existing, "x"), issuer="root", profile="root", subject="CN=dup",
                                    not_before=now, not_after=now, status="reserved", created_at=now))
