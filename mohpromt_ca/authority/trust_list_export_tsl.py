"""Our ETSI TS 119 612 trusted list: the scheme filled from the settings, the root, the
document-signing CA, the DCC CSCA and the TSA as services, numbered issues, XAdES-B-B.

Every SchemeInformation element the schema makes mandatory comes from ``Settings.tsl_*``
(operator names and postal address in English and Thai, contact URI) and ``base_url`` (scheme
information URI, distribution point). ``TSLSequenceNumber`` is kept in the register
(``trust_list_issues``): an export whose content (services, their certificates and statuses,
the scheme) equals the newest issue's, within the first half of that issue's validity,
re-issues the same list (same number, same ListIssueDateTime and NextUpdate, a fresh
signature); anything else is the next issue, number + 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from mohpromt_ca.authority import trust_list_contents
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.trust_list_signer import list_signer
from mohpromt_ca.errors import AlreadyExists

LIST_NAME = "tsl"
#: (CA name, service type, English name, Thai name)
SERVICES = (
    ("root", "CA/PKC", "Root Certification Authority", "ผู้ออกใบรับรองหลัก (Root CA)"),
    ("document-signing", "CA/PKC", "Document Signing Certification Authority",
     "ผู้ออกใบรับรองสำหรับการลงลายมือชื่อเอกสารดิจิทัล"),
    ("dcc-csca", "CA/PKC", "Digital COVID Certificate Country Signing CA (CSCA)",
     "ผู้ออกใบรับรองผู้ลงนามใบรับรองสุขภาพดิจิทัล (CSCA)"),
    ("tsa", "TSA", "Time-Stamping Authority", "หน่วยงานประทับรับรองเวลา"),
)


def scheme(authority: Authority):
    """The scheme information of our list, from the settings."""
    from mohpromt_verifier.trust_lists import tsl

    settings = authority.settings
    base = settings.base_url
    country = trust_list_contents.country(authority)
    address = tsl.Address(
        postal={"en": tsl.PostalAddress(settings.tsl_street_en, settings.tsl_locality_en, country,
                                        settings.tsl_postal_code),
                "th": tsl.PostalAddress(settings.tsl_street_th, settings.tsl_locality_th, country,
                                        settings.tsl_postal_code)},
        electronic=(settings.tsl_contact_uri or f"{base}/trust-lists/",),
    )
    operator = {"en": settings.tsl_operator_name_en, "th": settings.tsl_operator_name_th}
    return tsl.Scheme(
        operator_names=operator,
        operator_address=address,
        scheme_names={"en": f"{country}: Trusted list of the {settings.tsl_operator_name_en}'s "
                            "certification and time-stamping services",
                      "th": f"{country}: บัญชีรายชื่อบริการออกใบรับรองและประทับรับรองเวลาที่เชื่อถือได้ของ"
                            f"{settings.tsl_operator_name_th}"},
        information_uris=(f"{base}/trust-lists/",),
        territory=country,
        legal_notices={"en": "A national scheme: the services listed are recognised at national level; "
                             "none is an EU qualified trust service.",
                       "th": "บัญชีระดับประเทศ: บริการที่ระบุได้รับการรับรองในระดับประเทศ "
                             "ไม่ใช่บริการที่ได้รับการรับรองตามระเบียบ eIDAS ของสหภาพยุโรป"},
        distribution_points=(f"{base}/trust-lists/anchors-tsl.xml",),
    )


def services(authority: Authority, scheme_info):
    from mohpromt_verifier.trust_lists import tsl

    provider = tsl.Provider(names=scheme_info.operator_names, address=scheme_info.operator_address,
                            information_uris=(f"{authority.settings.base_url}/",))
    listed = []
    from mohpromt_ca.authority.generations import valid_generations

    for ca_name, service_type, name_en, name_th in SERVICES:
        # after a rollover, the successor and every earlier generation still valid
        for certificate in valid_generations(authority, ca_name):
            listed.append(tsl.TslService(provider, {"en": name_en, "th": name_th}, certificate,
                                         f"http://uri.etsi.org/TrstSvc/Svctype/{service_type}",
                                         tsl.STATUS_RECOGNISED, certificate.not_valid_before_utc))
    return listed


def content_mark(scheme_info, listed) -> str:
    """What an issue says, without its times: equal marks, the same list."""
    from dataclasses import asdict

    from mohpromt_verifier.trust_lists.signing import fingerprint

    content = {"scheme": asdict(scheme_info),
               "services": [{"type": s.service_type, "status": s.status, "names": s.names,
                             "since": s.status_since.isoformat() if s.status_since else None,
                             "certificate": fingerprint(s.certificate)} for s in listed]}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def issue(authority: Authority, mark: str, now: dt.datetime) -> tuple[int, dt.datetime, dt.datetime]:
    """(sequence number, ListIssueDateTime, NextUpdate) of the issue to publish now."""
    from mohpromt_ca.storage.repositories import trust_list_issues

    validity = dt.timedelta(days=authority.settings.tsl_validity_days)
    for _attempt in range(2):
        with authority.register.transaction() as session:
            newest = trust_list_issues.newest(session, LIST_NAME, for_update=True)
            if (newest is not None and newest.content_mark == mark
                    and newest.issued_at <= now < newest.issued_at + validity / 2):
                return newest.sequence, newest.issued_at, newest.next_update
            sequence = newest.sequence + 1 if newest is not None else 1
            try:
                trust_list_issues.save(session, newest, name=LIST_NAME, sequence=sequence, issued_at=now,
                                       next_update=now + validity, content_mark=mark)
            except AlreadyExists:
                continue
            return sequence, now, now + validity
    raise AlreadyExists("the trusted list was issued by another process at the same time; try again")


def export_tsl(authority: Authority, now: dt.datetime) -> bytes:
    from mohpromt_verifier.trust_lists import tsl

    scheme_info = scheme(authority)
    listed = services(authority, scheme_info)
    sequence, issued_at, next_update = issue(authority, content_mark(scheme_info, listed), now)
    xml = tsl.build(listed, scheme=scheme_info, sequence=sequence, issued_at=issued_at, next_update=next_update)
    return tsl.sign(xml, list_signer(authority), signing_time=now)
