"""DCC issuance against a real CA: every DCC verifies with pycose against the DSC our CA
issued and validates against the EU schema; refusals name the JSON path; the register
and the audit log record each one (SQLite and PostgreSQL via the ``authority`` fixture)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cryptography import x509
from sqlalchemy import select

from mohpromt_ca.authority.dsc import issue_dsc, list_dscs, retire_dsc
from mohpromt_ca.errors import AlreadyExists, NotFound, PolicyError, StateError
from mohpromt_ca.issuer.dcc import AlreadyIssued, DccIssuer
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import AuditEntry, IssuedDocument
from mohpromt_verifier.formats.hcert import decode_hc1, validate_dcc, verify_signature
from mohpromt_verifier.formats.hcert.dsc import type_allowed
from mohpromt_verifier.formats.hcert.errors import PayloadError, SchemaError, ValueSetError

from .conftest import pycose_verify, sample


def _rows(authority) -> list[IssuedDocument]:  # type: ignore[no-untyped-def]
    with authority.register.transaction() as session:
        rows = list(session.execute(select(IssuedDocument).order_by(IssuedDocument.id)).scalars())
        for row in rows:
            session.expunge(row)
    return rows


@pytest.mark.parametrize("algorithm", ["ES256", "PS256"])
@pytest.mark.parametrize("profile", ["eu-dcc", "th-dhp"])
def test_every_type_verifies_with_pycose_and_validates(authority, algorithm: str, profile: str) -> None:
    dsc = issue_dsc(authority, algorithm=algorithm)
    issuer = DccIssuer(authority, profile=profile)
    for kind in ("vaccination", "test", "recovery"):
        signed = issuer.issue(sample(kind))
        claims = pycose_verify(signed.hc1, dsc.certificate)
        dcc = claims[-260][1]
        assert validate_dcc(dcc) == {"vaccination": "v", "test": "t", "recovery": "r"}[kind]
        assert claims[1] == "TH" and claims[6] == signed.iat and claims[4] == signed.exp
        assert claims[4] <= int(dsc.certificate.not_valid_after_utc.timestamp())
        decoded = decode_hc1(signed.hc1)
        assert decoded.kid == dsc.kid and decoded.cose.alg == (-7 if algorithm == "ES256" else -37)
        assert verify_signature(decoded, [dsc.certificate]).candidate is dsc.certificate
        entry = dcc[{"vaccination": "v", "test": "t", "recovery": "r"}[kind]][0]
        assert entry["ci"] == signed.uvci and signed.uvci.startswith("URN:UVCI:01:TH:")
        has_ddcc = 2 in claims[-260]
        assert has_ddcc == (profile == "th-dhp" and kind == "vaccination")
    rows = _rows(authority)
    assert [r.type for r in rows] == ["vaccination", "test", "recovery"]
    assert all(r.kind == "dcc" and r.certificate_serial == format(dsc.certificate.serial_number, "x") for r in rows)
    with authority.register.transaction() as session:
        entries = list(session.execute(select(AuditEntry).where(AuditEntry.action == "dcc.issue")).scalars())
        assert len(entries) == 3 and all(e.target.startswith("dcc:URN:UVCI:01:TH:") for e in entries)
        assert audit.verify(session).intact


def test_names_and_mapping(authority, dsc) -> None:
    signed = DccIssuer(authority).issue(sample("vaccination"))
    dcc = decode_hc1(signed.hc1).dcc
    assert dcc["nam"] == {"fn": "ใจดี", "fnt": "JAIDEE", "gn": "สมชาย", "gnt": "SOMCHAI"}
    assert dcc["ver"] == "1.3.0" and dcc["dob"] == "1985-04-12"
    v = dcc["v"][0]
    assert (v["vp"], v["mp"], v["ma"], v["dn"], v["sd"], v["dt"], v["co"]) == (
        "1119349007", "EU/1/20/1528", "ORG-100030215", 2, 2, "2021-08-30", "TH")
    assert "lot" not in json.dumps(dcc)  # DDCC-only extras never reach the EU DCC
    test = decode_hc1(DccIssuer(authority).issue(sample("test")).hc1).dcc
    assert test["nam"]["fnt"] == "MUELLER<GOESSINGER" and test["t"][0]["sc"] == "2021-09-01T09:15:00+07:00"


def test_th_dhp_carries_ddcc_vs(authority, dsc) -> None:
    signed = DccIssuer(authority, profile="th-dhp").issue(sample("vaccination"))
    decoded = decode_hc1(signed.hc1)
    ddcc = decoded.claims.ddcc_vs
    assert ddcc is not None
    assert ddcc["name"] == "สมชาย ใจดี" and ddcc["birthDate"] == "1985-04-12"
    assert ddcc["vaccination"]["vaccine"] == {"system": "http://snomed.info/sct", "code": "1119349007"}
    assert ddcc["vaccination"]["lot"] == "FF1234" and ddcc["vaccination"]["dose"] == 2
    assert ddcc["certificate"]["hcid"] == signed.uvci and ddcc["certificate"]["kid"] == signed.kid_b64
    assert decode_hc1(DccIssuer(authority, profile="eu-dcc").issue(sample("vaccination")).hc1).claims.ddcc_vs is None


def test_ready_eu_payload_type_read_from_it(authority, dsc) -> None:
    ready = decode_hc1(DccIssuer(authority).issue(sample("test")).hc1).dcc
    payload = json.loads(json.dumps(ready))
    del payload["t"][0]["ci"]  # no UVCI: one is generated
    signed = DccIssuer(authority).issue(payload)
    assert signed.dcc_type == "test" and decode_hc1(signed.hc1).dcc["t"][0]["ci"] == signed.uvci
    with pytest.raises(PayloadError) as refused:
        DccIssuer(authority).issue(payload, dcc_type="vaccination")
    assert refused.value.path == "/"
    payload["t"][0]["ci"] = signed.uvci  # a UVCI the integrator supplies must be new
    with pytest.raises(AlreadyExists):
        DccIssuer(authority).issue(payload)


def _with(kind: str, path: str, value: Any) -> dict[str, Any]:
    data = sample(kind)
    node: Any = data
    *parents, last = path.split(".")
    for part in parents:
        node = node[part]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(("data", "error", "path", "field"), [
    (_with("vaccination", "vaccination.product", "NOT-A-VACCINE"), ValueSetError, "/v/0/mp", "vaccination.product"),
    (_with("vaccination", "vaccination.country", "XX"), ValueSetError, "/v/0/co", "vaccination.country"),
    (_with("vaccination", "vaccination.manufacturer", "ORG-1"), ValueSetError, "/v/0/ma", None),
    (_with("test", "test.result", "123"), ValueSetError, "/t/0/tr", "test.result"),
    (_with("vaccination", "holder.family_name_latin", None), PayloadError, "/holder/family_name_latin", None),
    (_with("vaccination", "vaccination.dose_number", 0), PayloadError, "/vaccination/dose_number", None),
    (_with("vaccination", "holder.date_of_birth", "85-04-12"), PayloadError, "/holder/date_of_birth", None),
    (_with("vaccination", "vaccination.date", "2021-02-30"), PayloadError, "/vaccination/date", None),
    (_with("vaccination", "vaccination.colour", "red"), PayloadError, "/vaccination/colour", None),
    (_with("vaccination", "vaccination.uvci", "URN:UVCI:01:TH:ABCDEF#A"), PayloadError, "/v/0/ci", None),
])
def test_refusals_name_the_path(authority, dsc, data, error, path: str, field: str | None) -> None:
    with pytest.raises(error) as refused:
        DccIssuer(authority).issue(data)
    assert refused.value.path == path, refused.value.message
    assert path in refused.value.message
    if field:
        assert field in refused.value.message
    assert _rows(authority) == []


def test_ready_payload_refusals_name_the_dcc_path(authority, dsc) -> None:
    good = decode_hc1(DccIssuer(authority).issue(sample("vaccination")).hc1).dcc
    for mutate, error, path in [
        (lambda d: d["v"][0].update(dn=0), SchemaError, "/v/0/dn"),
        (lambda d: d["v"][0].update(co="ZZ"), ValueSetError, "/v/0/co"),
        (lambda d: d["v"][0].update(dose=2), SchemaError, "/v/0/dose"),
        (lambda d: d["nam"].update(fnt="jaidee"), SchemaError, "/nam/fnt"),
        (lambda d: d.update(dob="1985-13-45"), SchemaError, "/dob"),
    ]:
        payload = json.loads(json.dumps(good))
        del payload["v"][0]["ci"]
        mutate(payload)
        with pytest.raises(error) as refused:
            DccIssuer(authority).issue(payload)
        assert refused.value.path == path, refused.value.message


def test_wrong_type_dsc_refused(authority) -> None:
    only_tests = issue_dsc(authority, restrict_to="test")
    assert not type_allowed(only_tests.certificate, "v")
    with pytest.raises(StateError) as none:
        DccIssuer(authority).issue(sample("vaccination"))
    assert none.value.code == "no-dsc" and "vaccination" in none.value.message
    with pytest.raises(PolicyError) as refused:
        DccIssuer(authority, dsc=only_tests.name).issue(sample("vaccination"))
    assert refused.value.code == "dsc-type" and "restricted to test" in refused.value.message
    signed = DccIssuer(authority).issue(sample("test"))
    assert signed.dsc_name == only_tests.name
    vaccination_dsc = issue_dsc(authority, restrict_to="vaccination")
    assert DccIssuer(authority).issue(sample("vaccination")).dsc_name == vaccination_dsc.name
    assert DccIssuer(authority).issue(sample("test")).dsc_name == only_tests.name
    assert _rows(authority)[-1].certificate_serial == format(only_tests.certificate.serial_number, "x")


def test_exp_capped_at_dsc_not_after(authority, dsc) -> None:
    data = sample("vaccination")
    data["expires_at"] = "2099-01-01T00:00:00+00:00"
    signed = DccIssuer(authority).issue(data)
    not_after = dsc.certificate.not_valid_after_utc
    assert signed.capped and signed.exp == int(not_after.timestamp())
    assert decode_hc1(signed.hc1).claims.expires_at == int(not_after.timestamp())
    normal = DccIssuer(authority).issue(sample("vaccination"))
    assert not normal.capped and normal.exp - normal.iat == 365 * 86400


def test_rollover_and_retire(authority) -> None:
    old = issue_dsc(authority)
    new = issue_dsc(authority)
    assert DccIssuer(authority).issue(sample("vaccination")).dsc_name == new.name  # newest active one
    retire_dsc(authority, new.name)
    signed = DccIssuer(authority).issue(sample("vaccination"))
    assert signed.dsc_name == old.name
    with pytest.raises(StateError):
        retire_dsc(authority, new.name)
    with pytest.raises(StateError):
        DccIssuer(authority, dsc=new.name).issue(sample("vaccination"))
    listed = {d.name: d.status(authority.clock.now()) for d in list_dscs(authority)}
    assert listed == {old.name: "active", new.name: "retired"}
    retire_dsc(authority, old.kid.hex())  # by kid too
    with pytest.raises(StateError):
        DccIssuer(authority).issue(sample("vaccination"))
    with pytest.raises(NotFound):
        retire_dsc(authority, "dsc-00000000")
    # what a retired DSC signed still verifies against its certificate
    pycose_verify(signed.hc1, x509.load_der_x509_certificate(old.certificate.public_bytes(
        __import__("cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.DER)))


def test_idempotency_key_issues_once(authority, dsc) -> None:
    issuer = DccIssuer(authority)
    first = issuer.issue(sample("vaccination"), idempotency_key="a" * 64)
    with pytest.raises(AlreadyIssued) as again:
        issuer.issue(sample("vaccination"), idempotency_key="a" * 64)
    assert again.value.uvci == first.uvci
    assert len(_rows(authority)) == 1


def test_uvci_collision_draws_again(authority, dsc, monkeypatch) -> None:
    import mohpromt_ca.issuer.dcc.signing as signing

    first = DccIssuer(authority).issue(sample("vaccination"))
    real = signing.generate_uvci
    draws = iter([first.uvci])
    monkeypatch.setattr(signing, "generate_uvci", lambda country, **kw: next(draws, None) or real(country, **kw))
    second = DccIssuer(authority).issue(sample("vaccination"))
    assert second.uvci != first.uvci
    assert decode_hc1(second.hc1).dcc["v"][0]["ci"] == second.uvci
    assert len({r.document_number for r in _rows(authority)}) == 2


def test_batch_records_once_per_key(authority, dsc) -> None:
    issuer = DccIssuer(authority)
    requests = [issuer.request(sample(k)) for k in ("vaccination", "test", "recovery")]
    keys = ["k1", "k2", "k3"]
    results = issuer.issue_batch(requests, keys)
    assert all(not isinstance(r, Exception) for r in results)
    again = issuer.issue_batch(requests, ["k1", "k4", "k3"])  # clashes: settled one by one
    assert isinstance(again[0], AlreadyIssued) and isinstance(again[2], AlreadyIssued)
    assert not isinstance(again[1], Exception)
    assert len(_rows(authority)) == 4


def test_qr_png_decodes_to_the_exact_hc1(authority, dsc, tmp_path) -> None:
    import zxingcpp

    from mohpromt_ca.issuer.dcc.output import write_output
    from tests.formats.pngread import read_gray1  # type: ignore[import-not-found]

    for profile in ("eu-dcc", "th-dhp"):
        signed = DccIssuer(authority, profile=profile).issue(sample("vaccination"))
        out = tmp_path / f"{profile}.png"
        write_output(out, signed.hc1)
        width, height, pixels = read_gray1(out.read_bytes())
        result = zxingcpp.read_barcode(memoryview(pixels).cast("B", (height, width)))
        assert result is not None and result.text == signed.hc1 and result.ec_level == "Q"
        svg = tmp_path / f"{profile}.svg"
        write_output(svg, signed.hc1)
        assert 'width="45mm"' in svg.read_text()


def test_expiry_in_the_past_refused(authority, dsc) -> None:
    data = sample("recovery")
    data["recovery"]["valid_until"] = "2021-12-31"
    with pytest.raises(PayloadError) as refused:
        DccIssuer(authority).issue(data)
    assert refused.value.path == "/r/0/du"
    data = sample("vaccination")
    data["expires_at"] = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    with pytest.raises(PayloadError) as refused:
        DccIssuer(authority).issue(data)
    assert refused.value.path == "/expires_at"
