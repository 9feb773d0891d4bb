"""WHO GDHCN DID trust lists (DID trust list v2): build ours, verify anyone's against a pinned anchor.

Shape (smart-trust ``concepts_did_gdhcn``, producer WHO KDS ``DidTrustListService``): a DID
document whose ``verificationMethod`` entries are ``JsonWebKey2020`` keys, ``id`` =
``<list DID>#<kid>`` (kid = base64 of SHA-256(DER)[:8], the DCC kid a verifier looks a COSE kid
up by), ``publicKeyJwk`` = the key (EC ``crv``/``x``/``y``, RSA ``n``/``e``) with ``x5c`` [DSC,
then its issuers]. The ``proof`` is a ``JsonWebSignature2020``: a detached JWS with header
``{"b64":false,"crit":["b64"],"alg":"ES256"}`` over
``SHA-256(URDNA2015(proof without jws, with the document's @context)) || SHA-256(URDNA2015(document
without proof))`` (``jsonld``). We sign with JOSE's r||s form; WHO's lists carry DER ECDSA: both
are accepted.

Verifying: the proof against the pinned anchor's key (the signer's DID is not resolved: the
anchor is what a receiver pinned), then every key: its x5c certificate parses, chains to the next
x5c certificate when one is given, its kid and id fragment are the certificate's, and the JWK's
numbers are the certificate's key (compared as numbers: KDS writes 33-byte ``x``/``y``). A list
with any key wrong is refused whole. The keys become ordinary DSC entries (``dsc_lists``), so
``verify`` trusts DCCs signed by them exactly as it trusts a gateway list's.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from mohpromt_verifier.trust_lists import jsonld
from mohpromt_verifier.trust_lists.dsc_lists import country_of, entry_for_certificate, kid_b64
from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner, der_of, issued_by, verify_with_key

SHAPE = "gdhcn-did"
CONTEXT = [jsonld.DID_V1, jsonld.JWS_2020_V1]
HEADER = {"b64": False, "crit": ["b64"], "alg": "ES256"}
PROOF_TYPE = "JsonWebSignature2020"
MAX_KEYS = 20_000
#: JWK crv -> the curve's name in cryptography
_CURVES = {"P-256": "secp256r1", "P-384": "secp384r1", "P-521": "secp521r1"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def did_web_url(did: str) -> str:
    """``did:web:host:a:b`` -> ``https://host/a/b/did.json`` (a bare host: ``/.well-known/did.json``)."""
    if not did.startswith("did:web:"):
        raise ListFormatError(f"{did[:80]!r} is not a did:web DID")
    parts = [urllib.parse.unquote(p) for p in did[len("did:web:"):].split(":")]
    path = "/".join(parts[1:]) if len(parts) > 1 else ".well-known"
    return f"https://{parts[0]}/{path}/did.json"


def parent_did(did: str) -> str:
    return did.rsplit(":", 1)[0]


def _jwk(certificate: x509.Certificate) -> dict[str, Any]:
    key = certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        size = (key.curve.key_size + 7) // 8
        numbers = key.public_numbers()
        curve = {v: k for k, v in _CURVES.items()}.get(key.curve.name)
        if curve is None:
            raise ValueError(f"no JWK curve name for {key.curve.name}")
        return {"kty": "EC", "crv": curve, "x": b64url(numbers.x.to_bytes(size, "big")),
                "y": b64url(numbers.y.to_bytes(size, "big"))}
    if isinstance(key, rsa.RSAPublicKey):
        rsa_numbers = key.public_numbers()
        return {"kty": "RSA", "n": b64url(rsa_numbers.n.to_bytes((rsa_numbers.n.bit_length() + 7) // 8, "big")),
                "e": b64url(rsa_numbers.e.to_bytes((rsa_numbers.e.bit_length() + 7) // 8, "big"))}
    raise ValueError("a DSC key is EC or RSA")


def verification_method(certificate: x509.Certificate, issuers: Sequence[x509.Certificate], *, list_did: str,
                        controller: str) -> dict[str, Any]:
    der = der_of(certificate)
    kid = kid_b64(der)
    jwk = {"kty": "", "kid": kid,
           "x5c": [base64.b64encode(der_of(c)).decode() for c in (certificate, *issuers)]}
    jwk.update(_jwk(certificate))
    return {"id": f"{list_did}#{kid}", "type": "JsonWebKey2020", "controller": controller, "publicKeyJwk": jwk}


def document(methods: Iterable[dict[str, Any]], *, list_did: str) -> dict[str, Any]:
    return {"@context": list(CONTEXT), "id": list_did, "controller": parent_did(list_did),
            "verificationMethod": list(methods)}


def signing_input(doc: dict[str, Any], proof: dict[str, Any], header: str) -> bytes:
    """What the detached b64:false JWS signs: ``header || "." || SHA-256(proof) || SHA-256(document)``."""
    proof_options = {k: v for k, v in proof.items() if k != "jws"}
    proof_options["@context"] = doc.get("@context")
    body = {k: v for k, v in doc.items() if k != "proof"}
    return header.encode() + b"." + jsonld.digest(proof_options) + jsonld.digest(body)


def sign(doc: dict[str, Any], signer: ListSigner, *, created: dt.datetime, nonce: str,
         verification_method_id: str) -> dict[str, Any]:
    """``doc`` with a JsonWebSignature2020 proof by ``signer`` (ECDSA P-256; JOSE r||s)."""
    proof: dict[str, Any] = {"type": PROOF_TYPE, "created": iso(created.replace(microsecond=0)), "nonce": nonce,
                             "proofPurpose": "assertionMethod", "verificationMethod": verification_method_id}
    header = b64url(json.dumps(HEADER, separators=(",", ":")).encode())
    r, s = decode_dss_signature(signer.sign(signing_input(doc, proof, header)))
    size = (signer.certificate.public_key().key_size + 7) // 8  # type: ignore[union-attr]
    proof["jws"] = f"{header}..{b64url(r.to_bytes(size, 'big') + s.to_bytes(size, 'big'))}"
    return {**doc, "proof": proof}


def looks_like(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    return head.startswith(b"{") and b"verificationMethod" in data[:1 << 20] and b"did:" in head


def verify(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ListFormatError("the DID trust list is not JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"].startswith("did:"):
        raise ListFormatError("not a DID document: no DID id")
    methods = doc.get("verificationMethod", [])
    if not isinstance(methods, list) or len(methods) > MAX_KEYS:
        raise ListFormatError(f"verificationMethod is not a list of at most {MAX_KEYS} keys")
    proof = doc.get("proof")
    if not isinstance(proof, dict) or not isinstance(proof.get("jws"), str):
        raise BadListSignature("the DID trust list has no proof to verify")
    if proof.get("type") != PROOF_TYPE:
        raise BadListSignature(f"the proof is {str(proof.get('type'))[:40]!r}, not {PROOF_TYPE}")
    _verify_proof(doc, proof, anchor)
    issued_at = parse_time(proof.get("created"), what="the proof's created")
    entries = [_entry(method, index, issued_at) for index, method in enumerate(methods)]
    return VerifiedList(kind="dsc", shape=SHAPE, issued_at=issued_at, entries=tuple(entries), signer=anchor,
                        details={"did": doc["id"], "proof_verification_method": proof.get("verificationMethod")})


def _verify_proof(doc: dict[str, Any], proof: dict[str, Any], anchor: x509.Certificate) -> None:
    parts = proof["jws"].split(".")
    if len(parts) != 3 or parts[1] != "":
        raise BadListSignature("the proof's jws is not a detached compact JWS (header..signature)")
    try:
        header = json.loads(b64url_decode(parts[0]))
        signature = b64url_decode(parts[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadListSignature("the proof's jws header or signature is not base64url JSON") from None
    if not isinstance(header, dict):
        raise BadListSignature("the proof's JWS header is not a JSON object")
    if header.get("alg") != "ES256":
        raise BadListSignature(f"the proof's JWS algorithm is {str(header.get('alg'))[:20]!r}, only ES256 is accepted")
    if header.get("b64") is not False or "b64" not in (header.get("crit") or []):
        raise BadListSignature("the proof's JWS header is not the unencoded-payload form {b64: false, crit: [b64]}")
    if not isinstance(anchor.public_key(), ec.EllipticCurvePublicKey):
        raise BadListSignature("the pinned anchor's key is not an EC key: it cannot have made an ES256 proof")
    payload = signing_input(doc, proof, parts[0])
    if not verify_with_key(anchor.public_key(), signature, payload, accept_raw=True):
        raise BadListSignature("the DID trust list's proof does not verify with the pinned anchor "
                               f"{anchor.subject.rfc4514_string()!r} (the list or its proof was changed, "
                               "or another key signed it)")


def _entry(method: Any, index: int, issued_at: dt.datetime) -> dict[str, Any]:
    where = f"key {index}"
    if not isinstance(method, dict) or not isinstance(method.get("publicKeyJwk"), dict):
        raise ListFormatError(f"{where} has no publicKeyJwk")
    jwk = method["publicKeyJwk"]
    chain = jwk.get("x5c")
    if not isinstance(chain, list) or not chain or not all(isinstance(c, str) for c in chain):
        raise BadListEntry(f"{where} has no x5c certificate")
    try:
        certificates = [x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in chain[:8]]
    except (ValueError, binascii.Error):
        raise BadListEntry(f"{where}: an x5c entry is not a base64 X.509 certificate") from None
    certificate = certificates[0]
    kid = kid_b64(der_of(certificate))
    where = f"key {index} (kid {kid})"
    if jwk.get("kid") not in (None, kid):
        raise BadListEntry(f"{where}: publicKeyJwk.kid {str(jwk.get('kid'))[:20]!r} is not its certificate's kid")
    fragment = urllib.parse.unquote(str(method.get("id", "")).partition("#")[2])
    if fragment != kid:
        raise BadListEntry(f"{where}: the id's fragment {fragment[:20]!r} is not its certificate's kid")
    if len(certificates) > 1 and not issued_by(certificate, certificates[1]):
        raise BadListEntry(f"{where}: x5c[0] was not issued by x5c[1]")
    if not _same_key(jwk, certificate):
        raise BadListEntry(f"{where}: the JWK's key is not the key of its x5c certificate")
    return entry_for_certificate(certificate, country=country_of(certificate), now=issued_at)


def _number(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return int.from_bytes(b64url_decode(value), "big")
    except (ValueError, binascii.Error):
        return None


def _same_key(jwk: dict[str, Any], certificate: x509.Certificate) -> bool:
    key = certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        curve = _CURVES.get(str(jwk.get("crv")))
        return (jwk.get("kty") == "EC" and curve == key.curve.name
                and _number(jwk.get("x")) == numbers.x and _number(jwk.get("y")) == numbers.y)
    if isinstance(key, rsa.RSAPublicKey):
        rsa_numbers = key.public_numbers()
        return (jwk.get("kty") == "RSA" and _number(jwk.get("n")) == rsa_numbers.n
                and _number(jwk.get("e")) == rsa_numbers.e)
    return False
