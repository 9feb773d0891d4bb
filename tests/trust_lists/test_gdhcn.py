"""WHO GDHCN DID trust lists, both ways, checked by peers: our export's proof verified by
jwcrypto (an independent JOSE implementation) over a URDNA2015 payload pyld computes here; a
foreign participant's list built here with jwcrypto (its own DSC and signer key), imported
with `trust-list import --anchor`, then a DCC this test signs with pycose under that DSC
verified valid by `mohpromt-ca verify`; changed lists refused, without a traceback, the last
good list staying."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from mohpromt_ca.authority.trust_list_export import export
from mohpromt_verifier.trust_lists import gdhcn
from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature

from .conftest import now

jwcrypto = pytest.importorskip("jwcrypto")
from jwcrypto import jwk, jws  # noqa: E402

CONTEXTS = Path(gdhcn.__file__).with_name("contexts")
CONTEXT_FILES = {"https://www.w3.org/ns/did/v1": "did-v1.jsonld",
                 "https://w3id.org/security/suites/jws-2020/v1": "jws-2020-v1.jsonld"}
HEADER = {"alg": "ES256", "b64": False, "crit": ["b64"]}


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((CONTEXTS / CONTEXT_FILES[url]).read_text("utf-8"))}


def _c14n_sha256(document: dict[str, Any]) -> bytes:
    """pyld directly (not our module): URDNA2015 N-Quads, SHA-256."""
    from pyld import jsonld

    nquads = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                         "documentLoader": _loader})
    return hashlib.sha256(nquads.encode()).digest()


def _payload(document: dict[str, Any]) -> bytes:
    """The JsonWebSignature2020 payload: SHA-256(c14n(proof options)) || SHA-256(c14n(document))."""
    proof = {k: v for k, v in document["proof"].items() if k != "jws"}
    body = {k: v for k, v in document.items() if k != "proof"}
    return _c14n_sha256({"@context": document["@context"], **proof}) + _c14n_sha256(body)


def _kid(certificate: x509.Certificate) -> str:
    return base64.b64encode(hashlib.sha256(certificate.public_bytes(Encoding.DER)).digest()[:8]).decode()


def _b64url_int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def test_our_did_export_is_verified_by_jwcrypto(ca, anchor) -> None:
    document = json.loads(export(ca, "gdhcn-did"))
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
    assert document["id"].endswith(":trustlist:DCC:THA:DSC")
    assert document["controller"] == document["id"].rsplit(":", 1)[0]
    from mohpromt_ca.authority.dsc import list_dscs

    dscs = {_kid(d.certificate): d.certificate for d in list_dscs(ca)}
    assert len(document["verificationMethod"]) == len(dscs) == 2
    csca = ca.certificate_of("dcc-csca").public_bytes(Encoding.DER)
    for method in document["verificationMethod"]:
        key = method["publicKeyJwk"]
        certificate = dscs[key["kid"]]
        assert method["id"] == f"{document['id']}#{key['kid']}" and method["type"] == "JsonWebKey2020"
        assert base64.b64decode(key["x5c"][0]) == certificate.public_bytes(Encoding.DER)
        assert base64.b64decode(key["x5c"][1]) == csca
        numbers = certificate.public_key().public_numbers()
        assert (key["kty"], key["crv"], _b64url_int(key["x"]), _b64url_int(key["y"])) == (
            "EC", "P-256", numbers.x, numbers.y)
    proof = document["proof"]
    assert proof["type"] == "JsonWebSignature2020" and proof["proofPurpose"] == "assertionMethod"
    header, empty, _signature = proof["jws"].split(".")
    assert empty == "" and json.loads(base64.urlsafe_b64decode(header + "==")) == {
        "b64": False, "crit": ["b64"], "alg": "ES256"}

    # jwcrypto, with the trust-list signer's public key: the proof verifies over pyld's payload
    key = jwk.JWK.from_pem(anchor.public_key().public_bytes(Encoding.PEM,
                                                            serialization.PublicFormat.SubjectPublicKeyInfo))
    token = jws.JWS()
    token.deserialize(proof["jws"])
    token.verify(key, detached_payload=_payload(document))
    # one byte of one key's certificate changed: jwcrypto and our import both refuse it
    changed = json.loads(json.dumps(document))
    x5c = changed["verificationMethod"][0]["publicKeyJwk"]["x5c"]
    x5c[1] = x5c[1][:-8] + ("A" if x5c[1][-8] != "A" else "B") + x5c[1][-7:]
    token = jws.JWS()
    token.deserialize(proof["jws"])
    with pytest.raises(jws.InvalidJWSSignature):
        token.verify(key, detached_payload=_payload(changed))
    with pytest.raises(BadListSignature, match="proof does not verify"):
        gdhcn.verify(json.dumps(changed).encode(), anchor)
    assert len(gdhcn.verify(json.dumps(document).encode(), anchor).entries) == 2


def _certificate(subject: x509.Name, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                 issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    start = now() - dt.timedelta(days=1)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                                        critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@pytest.fixture(scope="module")
def participant(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A foreign participant (DE): its CSCA and DSC, and a DID trust list signed with jwcrypto
    by its own list-signer key (whose self-signed certificate is the anchor we pin)."""
    directory = tmp_path_factory.mktemp("participant")
    csca_key, dsc_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    csca = _certificate(_name("DE CSCA"), csca_key, _name("DE CSCA"), csca_key, ca=True)
    dsc = _certificate(_name("DE DSC 1"), dsc_key, csca.subject, csca_key, ca=False)
    signer_jwk = jwk.JWK.generate(kty="EC", crv="P-256")
    signer_key = serialization.load_pem_private_key(signer_jwk.export_to_pem(private_key=True, password=None),
                                                    password=None)
    assert isinstance(signer_key, ec.EllipticCurvePrivateKey)
    signer = _certificate(_name("DE Trust List Signer"), signer_key, _name("DE Trust List Signer"), signer_key,
                          ca=False)
    did = "did:web:tng-cdn.example.org:v2:trustlist:DCC:DEU:DSC"
    numbers = dsc_key.public_key().public_numbers()
    kid = _kid(dsc)
    document: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did, "controller": did.rsplit(":", 1)[0],
        "verificationMethod": [{
            "id": f"{did}#{kid}", "type": "JsonWebKey2020", "controller": did.rsplit(":", 1)[0],
            "publicKeyJwk": {
                "kty": "EC", "kid": kid,
                "x5c": [base64.b64encode(c.public_bytes(Encoding.DER)).decode() for c in (dsc, csca)],
                "crv": "P-256",
                # as WHO's KDS writes them: Java BigInteger bytes, a leading 0x00 when the top bit is set
                "x": base64.urlsafe_b64encode(b"\0" + numbers.x.to_bytes(32, "big")).decode().rstrip("="),
                "y": base64.urlsafe_b64encode(numbers.y.to_bytes(32, "big")).decode().rstrip("=")}}],
        "proof": {"type": "JsonWebSignature2020", "created": now().isoformat().replace("+00:00", "Z"),
                  "nonce": "Gp3uOuUTNgAFxm31fIjNy7yYt34aOP0g", "proofPurpose": "assertionMethod",
                  "verificationMethod": "did:web:tng-cdn.example.org:signing:DID"},
    }
    token = jws.JWS(_payload(document))
    token.add_signature(signer_jwk, None, json.dumps(HEADER))
    token.detach_payload()
    document["proof"]["jws"] = token.serialize(compact=True)
    (directory / "did.json").write_text(json.dumps(document, indent=2))
    (directory / "signer.pem").write_bytes(signer.public_bytes(Encoding.PEM))
    return {"dir": directory, "document": document, "dsc": dsc, "dsc_key": dsc_key, "kid": kid,
            "signer_jwk": signer_jwk}


def _foreign_hc1(dsc_key: ec.EllipticCurvePrivateKey, kid: str) -> str:
    """A DCC signed by the foreign DSC with pycose (the EU example vaccination, v1.3.0)."""
    from pycose.algorithms import Es256
    from pycose.headers import KID, Algorithm
    from pycose.keys import EC2Key
    from pycose.messages import Sign1Message

    issued = now()
    dcc = {"ver": "1.3.0", "nam": {"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"},
           "dob": "1964-08-12",
           "v": [{"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215", "dn": 2,
                  "sd": 2, "dt": "2021-05-29", "co": "DE", "is": "Robert Koch-Institut",
                  "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W"}]}
    claims = {1: "DE", 6: int(issued.timestamp()), 4: int((issued + dt.timedelta(days=300)).timestamp()),
              -260: {1: dcc}}
    numbers = dsc_key.private_numbers()
    message = Sign1Message(phdr={Algorithm: Es256, KID: base64.b64decode(kid)}, payload=cbor2.dumps(claims))
    message.key = EC2Key(crv="P_256", d=numbers.private_value.to_bytes(32, "big"),
                         x=numbers.public_numbers.x.to_bytes(32, "big"), y=numbers.public_numbers.y.to_bytes(32, "big"))
    from mohpromt_verifier.formats.hcert.base45 import b45encode

    return "HC1:" + b45encode(zlib.compress(message.encode(tag=True), 9))


@pytest.fixture
def served(participant):  # type: ignore[no-untyped-def]
    """The participant's directory over HTTP, as its did:web host would serve did.json."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(participant["dir"]))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_foreign_participant_list_imported_then_its_dcc_verifies(cli, participant, served, tmp_path) -> None:
    cache = str(tmp_path / "cache")
    anchor = str(participant["dir"] / "signer.pem")
    imported = json.loads(cli("trust-list", "import", f"{served}/did.json", "--anchor", anchor,
                              "--trust-list", cache, "--json").stdout)
    assert (imported["status"], imported["shape"], imported["kind"], imported["entries"]) == (
        "stored", "gdhcn-did", "dsc", 1)
    again = json.loads(cli("trust-list", "import", str(participant["dir"] / "did.json"), "--anchor", anchor,
                           "--trust-list", cache, "--json").stdout)
    assert again["status"] == "unchanged" and again["name"] == imported["name"]  # the same list, from a file
    hc1 = _foreign_hc1(participant["dsc_key"], participant["kid"])
    verdict = cli("verify", hc1, "--trust-list", cache, "--json", check=False)
    report = json.loads(verdict.stdout)
    assert verdict.returncode == 0 and report["verdict"] == "valid", verdict.stdout + verdict.stderr

    # changed lists: a key's number, its kid, the proof -> refused, one line, no traceback (the
    # cli fixture asserts that on every call); the last good list stays and the DCC still verifies
    def changed(edit) -> Path:  # type: ignore[no-untyped-def]
        document = json.loads(json.dumps(participant["document"]))
        edit(document)
        path = tmp_path / f"changed-{len(list(tmp_path.iterdir()))}.json"
        path.write_text(json.dumps(document))
        return path

    def swap_y(d: dict[str, Any]) -> None:
        d["verificationMethod"][0]["publicKeyJwk"]["y"] = d["verificationMethod"][0]["publicKeyJwk"]["x"]

    def other_created(d: dict[str, Any]) -> None:
        d["proof"]["created"] = (now() + dt.timedelta(hours=1)).isoformat().replace("+00:00", "Z")

    def bad_signature(d: dict[str, Any]) -> None:
        head, _, signature = d["proof"]["jws"].split(".")
        d["proof"]["jws"] = f"{head}..{signature[::-1]}"

    refused = cli("trust-list", "import", str(changed(swap_y)), "--anchor", anchor, "--trust-list", cache,
                  check=False)
    assert refused.returncode != 0 and "proof does not verify" in refused.stderr, refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    from mohpromt_verifier.trust_lists.cache import TrustListCache
    from mohpromt_verifier.trust_lists.importer import import_list

    pinned = x509.load_pem_x509_certificate(Path(anchor).read_bytes())
    for edit in (other_created, bad_signature):  # the same refusal in process, logged in the cache
        with pytest.raises(BadListSignature, match="proof does not verify"):
            import_list(TrustListCache(Path(cache)), changed(edit).read_bytes(), anchor=pinned, source="x", now=now())
    # properly signed by the participant, but a key's JWK is not its certificate's key, or its id
    # fragment is not the certificate's kid: refused whole
    for field, value in (("y", participant["document"]["verificationMethod"][0]["publicKeyJwk"]["x"]),
                         ("id", "#AAAAAAAAAAA=")):
        document = json.loads(json.dumps(participant["document"]))
        method = document["verificationMethod"][0]
        if field == "id":
            method["id"] = method["id"].split("#")[0] + value
        else:
            method["publicKeyJwk"][field] = value
        token = jws.JWS(_payload(document))
        token.add_signature(participant["signer_jwk"], None, json.dumps(HEADER))
        token.detach_payload()
        document["proof"]["jws"] = token.serialize(compact=True)
        signer = x509.load_pem_x509_certificate((participant["dir"] / "signer.pem").read_bytes())
        with pytest.raises(BadListEntry, match="not the key of its x5c|not its certificate's kid"):
            gdhcn.verify(json.dumps(document).encode(), signer)
    shown = json.loads(cli("trust-list", "show", "--json", "--trust-list", cache).stdout)
    assert [e["kid"] for e in shown["entries"] if e["kind"] == "dsc"] == [participant["kid"]]
    assert json.loads(cli("verify", hc1, "--trust-list", cache, "--json", check=False).stdout)["verdict"] == "valid"


def test_participant_files_and_tampered_tsl_via_the_cli(ca, anchor, cli, tmp_path) -> None:
    from mohpromt_ca.authority.trust_list_export_gdhcn import export_participant

    written = export_participant(ca, tmp_path / "repo", now())
    names = {str(p.relative_to(tmp_path / "repo")) for p in written}
    assert {"onboarding/DCC/SCA/SCA.pem", "onboarding/DCC/UP/UP.pem",
            "onboarding/DCC/ISSUER/Trusted_Issuer.json"} <= names
    assert sum(n.startswith("onboarding/DCC/DSC/") for n in names) == 2
    sca = x509.load_pem_x509_certificate((tmp_path / "repo/onboarding/DCC/SCA/SCA.pem").read_bytes())
    assert sca == ca.certificate_of("dcc-csca")
    for dsc_file in (tmp_path / "repo/onboarding/DCC/DSC").iterdir():  # every DSC chains to the SCA
        x509.load_pem_x509_certificate(dsc_file.read_bytes()).verify_directly_issued_by(sca)
    issuer = json.loads((tmp_path / "repo/onboarding/DCC/ISSUER/Trusted_Issuer.json").read_text())
    assert issuer["url"].endswith(":DCC:THA:DSC") and issuer["type"] == "DID"

    # our TSL with a changed TSPName, imported through the CLI: refused with the reason, no traceback
    (tmp_path / "signer.pem").write_bytes(anchor.public_bytes(Encoding.PEM))
    original = export(ca, "tsl")
    data = original.replace("สาธารณสุข</Name></TSPName>".encode(), "สาธารณะ</Name></TSPName>".encode())
    assert data != original
    (tmp_path / "tsl.xml").write_bytes(data)
    refused = cli("trust-list", "import", str(tmp_path / "tsl.xml"), "--anchor", str(tmp_path / "signer.pem"),
                  "--trust-list", str(tmp_path / "cache"), check=False)
    assert refused.returncode != 0 and "does not verify" in refused.stderr, refused.stderr
    # not schema-valid (an element the XSD does not allow): refused naming the schema
    invalid = export(ca, "tsl").replace(b"<SchemeTerritory>", b"<Bogus/><SchemeTerritory>")
    (tmp_path / "invalid.xml").write_bytes(invalid)
    refused = cli("trust-list", "import", str(tmp_path / "invalid.xml"), "--anchor", str(tmp_path / "signer.pem"),
                  "--trust-list", str(tmp_path / "cache"), check=False)
    assert refused.returncode != 0 and "TS 119 612 schema" in refused.stderr and "Bogus" in refused.stderr
