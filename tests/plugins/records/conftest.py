"""Health-records plugin tests: a lab facility with a medical technologist and a physician.
Helpers (data, citizens, the scan for citizen IDs in clear) are in ``helpers.py``."""

from __future__ import annotations

import pytest


@pytest.fixture
def lab_director(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="medical-technologist",
                        licence="ทน.6789", name_th="ทนพญ. วิภาวดี รุ่งเรือง", name_en="Wipawadee Rungruang")


@pytest.fixture
def physician(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
