"""bench plugins: the reference plugins' hot paths vs raw ES256, on one core, same run.

Measured on a throw-away authority (SQLite, file keys) in a temporary directory:

* the scenario: one reward voucher signed by the CA (``issue_voucher``: claims, COSE_Sign1
  with the voucher-signer key, zlib, base45, ``MPV1:`` text, and its ``voucher.issue`` audit
  entry in a register transaction);
* the primitive: raw ECDSA P-256 / SHA-256 signing with ``cryptography`` of a payload the
  size of a voucher's Sig_structure;
* parts: the voucher pipeline without the audit transaction; decoding alone; a shop's
  verification (``verify_voucher_text`` with the root as anchor and the voucher-signer
  certificate, the trust material the tests use) and its steps (signature, chain) against
  raw ES256 verification; the rewards plugin's ``report_activity``, ``buy_voucher`` and
  ``redeem`` (store on the authority's SQLite engine, as the host sets it up), each on a
  fresh volunteer / voucher, with only the named call inside the timer; and the booking
  plugin's ``complete()`` end to end with the in-process client (vaccination record PDF and
  EU DCC issued and attached), each on a fresh appointment, measured briefly (it is slow).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure

CITIZEN = "3100600987659"  # valid check digit, not a real person (the booking tests' citizen)
HOLDER = {"title": "นาย", "title_en": "Mr", "name_th": "ประเสริฐ วงศ์ไทย", "name_en": "Prasert Wongthai",
          "family_name_latin": "Wongthai", "given_name_latin": "Prasert", "date_of_birth": "1980-01-24",
          "sex": "male"}
PHYSICIAN = {"profession": "physician", "title": "นายแพทย์", "title_en": "Dr.", "name_th": "สมชาย ใจดี",
             "name_en": "Somchai Jaidee", "licence_no": "ว.12345"}
OUTCOME = {"citizen_id": CITIZEN, "vaccine": "Comirnaty", "manufacturer": "Pfizer–BioNTech", "batch": "FF2593",
           "dose_number": 1, "total_doses": 2, "administered_by": "พยาบาล สมศรี ใจงาม"}


def _citizen_ids() -> Any:
    """Distinct 13-digit Thai citizen IDs with a valid check digit (one volunteer each)."""
    for n in itertools.count(1):
        body = f"9{n:011d}"
        total = sum(int(d) * (13 - i) for i, d in enumerate(body))
        yield body + str((11 - total % 11) % 10)


class _Timed:
    """Accumulates the time of one named call made on fresh items (set-up kept outside the timer)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.elapsed = 0.0

    def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        self.elapsed += time.perf_counter() - start
        self.count += 1
        return result

    def rate(self) -> Rate:
        return Rate(self.name, self.count / self.elapsed if self.elapsed else 0.0, self.count, self.elapsed)


def _fresh(timers: list[_Timed], one: Callable[[], None], *, seconds: float, min_iterations: int = 3) -> None:
    """Run ``one`` (after a warm-up) until the last timer has ``seconds`` of timed calls, or the
    wall clock is well past that (set-up can be slower than the timed call)."""
    one()
    for timer in timers:
        timer.count, timer.elapsed = 0, 0.0
    main = timers[-1]
    wall_deadline = time.perf_counter() + max(6 * seconds, 1.0)
    while main.count < min_iterations or (main.elapsed < seconds and time.perf_counter() < wall_deadline):
        one()


def run(seconds: float = 2.0) -> ScenarioResult:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.ca.keys.base import SignatureScheme
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.voucher import VoucherRequest, issue_voucher, voucher_signer_key
    from mohpromt_ca.plugins.events import EventBus
    from mohpromt_ca.plugins.registry import PluginRegistry, discover
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.plugin_host import host_plugins
    from mohpromt_verifier.formats.hcert.cose import kid_of
    from mohpromt_verifier.formats.hcert.signer import ES256, FunctionSigner
    from mohpromt_verifier.formats.voucher import (
        Voucher,
        decode_voucher,
        encode_voucher,
        new_voucher_id,
        verify_voucher_signature,
    )
    from mohpromt_verifier.verifier.voucher_verifier import VoucherVerification, _chains, verify_voucher_text

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")

        # --- the scenario and its primitive ---------------------------------------------
        request = VoucherRequest("V-BENCH23456", 200, 20, partner="shop-1")

        def for_a_debit() -> VoucherRequest:  # the CA signs one voucher per debit id
            return dataclasses.replace(request, debit_id=secrets.token_hex(16))

        rate = measure("voucher issued (MPV1: text + debit + audit entry)",
                       lambda: issue_voucher(authority, for_a_debit()), seconds=seconds)
        sample = issue_voucher(authority, for_a_debit())
        decoded = decode_voucher(sample.text)
        tbs = decoded.cose.sig_structure()
        p256 = ec.generate_private_key(ec.SECP256R1())
        payload = b"x" * len(tbs)
        primitive = measure(f"raw ES256 sign (cryptography, {len(tbs)} B)",
                            lambda: p256.sign(payload, ec.ECDSA(hashes.SHA256())), seconds=seconds)
        signature = p256.sign(payload, ec.ECDSA(hashes.SHA256()))
        public = p256.public_key()
        raw_verify = measure(f"raw ES256 verify (cryptography, {len(tbs)} B)",
                             lambda: public.verify(signature, payload, ec.ECDSA(hashes.SHA256())), seconds=seconds)

        key = voucher_signer_key(authority)
        handle = key.handle
        cose_signer = FunctionSigner(ES256, kid_of(key.certificate),
                                     lambda data: handle.sign(data, SignatureScheme.ECDSA_SHA256), der=True)
        now = authority.clock.now().replace(microsecond=0)

        def encode_only() -> str:
            voucher = Voucher(voucher_id=new_voucher_id(), volunteer_ref="V-BENCH23456", points=200, value_baht=20,
                              issued_at=now, expires_at=now + dt.timedelta(days=90), partner="shop-1",
                              program="osm-rewards")
            return encode_voucher(voucher, cose_signer)

        step = seconds / 2
        encode_rate = measure("voucher pipeline alone (no audit transaction)", encode_only, seconds=step)
        key_sign = measure("voucher-signer key handle sign (file key)",
                           lambda: handle.sign(tbs, SignatureScheme.ECDSA_SHA256), seconds=step)

        # --- a shop's verification ------------------------------------------------------
        how = VoucherVerification(signer_certificates=(key.certificate,),
                                  anchors=(authority.certificate_of("root"),), intermediates=(),
                                  clock=authority.clock)
        if verify_voucher_text(sample.text, how).verdict != "valid":  # pragma: no cover - a broken set-up
            raise RuntimeError("the bench voucher does not verify")
        decode_rate = measure("decode alone (base45, zlib, COSE, CBOR)", lambda: decode_voucher(sample.text),
                              seconds=step)
        verify_rate = measure("verify as a shop (verify_voucher_text)", lambda: verify_voucher_text(sample.text, how),
                              seconds=seconds)
        signature_rate = measure("  of which: COSE signature check",
                                 lambda: verify_voucher_signature(decoded, [key.certificate]), seconds=step)
        chain_rate = measure("  of which: chain to root (pyhanko-certvalidator)",
                             lambda: _chains(key.certificate, how), seconds=step)

        # --- rewards plugin: activity, buy, redeem on fresh volunteers and vouchers --------
        # the reference plugins, found through their entry points as any host finds them
        registry = PluginRegistry().load([ep for ep in discover() if ep.name in ("booking", "rewards")])
        host_plugins(authority, registry, bus=EventBus())
        missing = {"booking", "rewards"} - {p.name for p in registry.loaded}
        if missing:  # pragma: no cover - the reference plugins are not installed
            raise RuntimeError(f"bench plugins needs the reference plugins: {registry.as_dict()['failed']}")
        rewards_plugin = registry.get("rewards").plugin  # type: ignore[union-attr]
        rewards, client = rewards_plugin.service, rewards_plugin.context.client
        rewards.add_partner("shop-1", "ร้านค้าชุมชน")
        trust_pem = client.voucher_trust()
        citizens = _citizen_ids()
        today = rewards.clock.now().date()
        t_activity = _Timed("rewards report_activity (points earned)")
        t_buy = _Timed("rewards buy_voucher (CA signs + debit)")
        t_redeem = _Timed("rewards redeem (verify + store, fresh voucher)")
        t_in_redeem = _Timed("  of which: its verification (timed inside redeem)")
        service_verify_method = rewards.verify
        rewards.verify = lambda *args: t_in_redeem(service_verify_method, *args)

        def one_volunteer() -> None:
            volunteer = rewards.register_volunteer(next(citizens), "สมศรี ใจดี")
            for days_ago in range(2):  # 2 x 60 points: enough for one 100-point voucher
                t_activity(rewards.report_activity, volunteer.ref, "home_visit", today - dt.timedelta(days=days_ago),
                           6)
            bought = t_buy(rewards.buy_voucher, client, volunteer.ref, 100, partner="shop-1")
            t_redeem(rewards.redeem, client, bought.text, "shop-1", redeemed_by="bench")

        _fresh([t_activity, t_buy, t_in_redeem, t_redeem], one_volunteer, seconds=seconds)
        del rewards.verify
        in_redeem = t_in_redeem.rate()
        pem_parse = measure("  of which: parse the trust PEM (each redeem)",
                            lambda: x509.load_pem_x509_certificates(trust_pem), seconds=step / 2)

        # --- booking plugin: complete() end to end ---------------------------------------
        facility = register_facility(authority, type="medical-clinic", licence="10100001234",
                                     name_th="คลินิกหมอพร้อม", name_en="Mor Prom Clinic", contact="clinic@example.org")
        decide_facility(authority, facility.id, "approve")
        physician = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                                 name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
        issue_dsc(authority)
        booking_plugin = registry.get("booking").plugin  # type: ignore[union-attr]
        bookings = booking_plugin.service(booking_plugin.context.client)
        facility_block = {"name_th": facility.name_th, "name_en": facility.name_en, "licence": facility.licence,
                          "address": "88 ถนนงามวงศ์วาน ตำบลบางกระสอ อำเภอเมืองนนทบุรี จังหวัดนนทบุรี 11000",
                          "phone": "02 987 6543"}
        slot = (authority.clock.now() - dt.timedelta(minutes=5)).replace(microsecond=0).isoformat()  # done now
        t_complete = _Timed("booking complete() (PDF B-LT + DCC, attached)")
        failures: list[str] = []

        def one_appointment() -> None:
            made = bookings.book(facility.id, {"kind": "vaccination", "slot_at": slot,
                                               "signer_id": physician.signer.id, "citizen_id": CITIZEN,
                                               "holder": dict(HOLDER), "facility": dict(facility_block),
                                               "signer": dict(PHYSICIAN)})
            done = t_complete(bookings.complete, made.id, dict(OUTCOME), facility_id=facility.id)
            if done.status != "completed" or len(done.documents) != 2:
                failures.append(f"{done.status}: {done.failure}")

        _fresh([t_complete], one_appointment, seconds=min(seconds, 1.0))
        authority.close()

    activity, buy, redeem, complete = t_activity.rate(), t_buy.rate(), t_redeem.rate(), t_complete.rate()
    if failures:  # pragma: no cover - a broken set-up must not pass for a measurement
        raise RuntimeError(f"booking complete() did not complete: {failures[0]}")
    verify_x = verify_rate.ms_each / raw_verify.ms_each
    chain_share = chain_rate.ms_each / verify_rate.ms_each
    sig_share = signature_rate.ms_each / verify_rate.ms_each
    store_ms = redeem.ms_each - in_redeem.ms_each - decode_rate.ms_each
    audit_ms = rate.ms_each - encode_rate.ms_each
    notes = [
        f"issuing a voucher costs {rate.ms_each:.3f} ms: the pipeline alone {encode_rate.ms_each:.3f} ms "
        f"(its signature {key_sign.ms_each:.3f} ms through the file-key handle, raw {primitive.ms_each:.3f} ms), "
        f"the rest (voucher-key lookup + the audit transaction) about {audit_ms:.3f} ms "
        f"({100 * audit_ms / rate.ms_each:.0f}%)",
        f"a shop's verification is {verify_x:.0f}x a raw ES256 verify ({verify_rate.ms_each:.3f} ms vs "
        f"{raw_verify.ms_each:.3f} ms): the chain to the root through pyhanko-certvalidator is "
        f"{100 * chain_share:.0f}% of it, the COSE signature {100 * sig_share:.0f}%, decoding "
        f"{100 * decode_rate.ms_each / verify_rate.ms_each:.0f}%",
        f"redeem: {redeem.ms_each:.3f} ms = verification {in_redeem.ms_each:.3f} ms (PEM parse "
        f"{pem_parse.ms_each:.3f} ms of it) + a second decode {decode_rate.ms_each:.3f} ms + store reads and the "
        f"INSERT transaction about {store_ms:.3f} ms (verification inside redeem, on a new voucher each time, is "
        f"slower than the same call repeated on one voucher: {verify_rate.ms_each:.3f} ms): "
        f"{'verification' if in_redeem.ms_each > store_ms else 'the database'} dominates "
        f"({100 * max(in_redeem.ms_each, store_ms) / redeem.ms_each:.0f}%)",
        f"report_activity is a pure SQLite write transaction (5-7 statements): {activity.ms_each:.3f} ms; "
        f"buy_voucher {buy.ms_each:.3f} ms (a CA-signed voucher plus the debit transaction)",
        f"booking complete() end to end: {complete.ms_each:.0f} ms over {complete.iterations} completions "
        f"(= {complete.ms_each / rate.ms_each:.0f} vouchers); not split here: `bench pdf` and `bench dcc-issue` "
        "show the render, PAdES and DCC steps",
    ]
    parts = [encode_rate, key_sign, decode_rate, raw_verify, verify_rate, signature_rate, chain_rate, activity, buy,
             redeem, in_redeem, pem_parse, complete]
    return ScenarioResult("plugins", rate, primitive, parts, notes)
