"""The rewards module's work: volunteers, activity reports, points, vouchers, redemptions.

The same code runs inside the service (its storage namespace in the register's database, a
client acting as the caller) and out of process (``PluginNamespace.standalone("rewards", url)``,
an :class:`~mohpromt_ca.plugins.HttpClient`):
every CA call goes through the ``client`` handed to the method.

- Points are earned by :mod:`.rules` and kept twice: a ledger line per change and the
  volunteer's balance, changed in the same transaction.
- Buying a voucher, debit first: one transaction debits the balance with a conditional
  UPDATE, writes the ledger line and a ``pending`` debit (a random ``debit_id``); then the CA
  is asked to sign a voucher carrying that debit id (``client.issue_voucher(debit_id=...)``,
  which the CA does only for the rewards module's credential and once per debit id); then
  one transaction stores the voucher and marks the debit ``signed``. If the CA refuses or
  cannot be reached, the debit is reversed (``reversed``, the points credited back with a
  ledger line), so points are never lost and never spent twice.
- Redeeming: the QR is verified by the verifier's own code (signature, key purpose, chain to
  our root, expiry) against the CA's voucher trust material, then checked against the
  ledger (the debit it carries is held here, ``signed`` for this very voucher) and the store
  (same text, the shop it is limited to), then one INSERT into the redemptions table, whose
  UNIQUE(voucher_id) lets exactly one of any number of concurrent redemptions through; the
  others get ``already-redeemed``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any, overload

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from mohpromt_ca.plugins import AlreadyExists, InputError, NotFound, PolicyError, StateError, VerificationError
from mohpromt_plugins.rewards import rules, store

_CITIZEN = re.compile(r"^\d{13}$")
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: a debit still pending after this long was never completed (the CA's answer is bounded far below)
STALE_DEBIT = dt.timedelta(minutes=15)


@overload
def _utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def _utc(moment: None) -> None: ...
def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def valid_citizen_id(citizen_id: str) -> bool:
    """13 digits with the Thai national ID check digit."""
    if not isinstance(citizen_id, str) or not _CITIZEN.match(citizen_id):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(citizen_id[:12]))
    return (11 - total % 11) % 10 == int(citizen_id[12])


class AlreadyRedeemed(StateError):
    code = "already-redeemed"


class InvalidVoucher(VerificationError):
    code = "invalid-voucher"
    http_status = 422


class UnknownDebit(InvalidVoucher):
    """A voucher whose debit the ledger does not hold (or holds for another voucher, or reversed)."""

    code = "debit-not-in-ledger"


@dataclass(frozen=True)
class Volunteer:
    ref: str
    name: str
    balance: int

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "name": self.name, "balance": self.balance}


@dataclass(frozen=True)
class ActivityResult:
    activity_id: int
    kind: str
    points: int
    capped: bool
    balance: int

    def as_dict(self) -> dict[str, Any]:
        return {"activity_id": self.activity_id, "kind": self.kind, "points": self.points, "capped": self.capped,
                "balance": self.balance}


@dataclass(frozen=True)
class BoughtVoucher:
    voucher_id: str
    text: str
    points: int
    value_baht: int
    partner: str | None
    expires_at: dt.datetime
    balance: int
    debit_id: str | None = None

    def qr_png(self) -> bytes:
        from mohpromt_verifier.formats.qr import qr_png

        return qr_png(self.text)

    def as_dict(self) -> dict[str, Any]:
        return {"voucher_id": self.voucher_id, "text": self.text, "points": self.points,
                "value_baht": self.value_baht, "partner": self.partner, "expires_at": self.expires_at.isoformat(),
                "balance": self.balance, "debit_id": self.debit_id,
                "qr_png": f"vouchers/{self.voucher_id}/qr.png"}


@dataclass(frozen=True)
class Redemption:
    voucher_id: str
    partner: str
    value_baht: int
    redeemed_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {"voucher_id": self.voucher_id, "partner": self.partner, "value_baht": self.value_baht,
                "redeemed_at": self.redeemed_at.isoformat(), "status": "redeemed"}


class RewardsService:
    def __init__(self, storage: Any, *, clock: Any, citizen_key: bytes) -> None:
        """``storage``: the plugin's namespace (its tables are created here if missing);
        ``citizen_key``: the 32-byte key of the citizen-ID hash (``context.secret("citizen-hash.key")``)."""
        if not isinstance(citizen_key, bytes) or len(citizen_key) < 32:
            raise ValueError("the citizen-ID hash key must be at least 32 bytes")
        storage.adopt(store.metadata)  # refuses a table outside plugin_rewards_*
        storage.create_tables()
        self.storage = storage
        self.clock = clock
        self._key = citizen_key
        self._trust_pem: bytes | None = None

    # --- connections ------------------------------------------------------------------

    def _write(self) -> Any:
        return self.storage.transaction()  # SQLite: BEGIN IMMEDIATE on the register's engines

    def _read(self) -> Any:
        return self.storage.reading()

    # --- volunteers -------------------------------------------------------------------

    def citizen_hash(self, citizen_id: str) -> str:
        return hmac.new(self._key, citizen_id.encode(), hashlib.sha256).hexdigest()

    def register_volunteer(self, citizen_id: str, name: str) -> Volunteer:
        if not valid_citizen_id(citizen_id):
            raise InputError("citizen_id must be a valid 13-digit Thai national ID")
        name = (name or "").strip()
        if not 1 <= len(name) <= 200:
            raise InputError("name must be 1-200 characters")
        ref = "V-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(10))
        try:
            with self._write() as conn:
                conn.execute(store.volunteers.insert().values(ref=ref, citizen_hash=self.citizen_hash(citizen_id),
                                                              name=name, balance=0, created_at=self.clock.now()))
        except IntegrityError:
            raise AlreadyExists("this person is already registered as a volunteer") from None
        return Volunteer(ref, name, 0)

    def volunteer(self, ref: str) -> Volunteer:
        with self._read() as conn:
            row = conn.execute(select(store.volunteers).where(store.volunteers.c.ref == ref)).first()
        if row is None:
            raise NotFound(f"no volunteer {str(ref)[:40]!r}")
        return Volunteer(row.ref, row.name, row.balance)

    def ledger(self, ref: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            vid = self._volunteer_id(conn, ref)
            rows = conn.execute(select(store.ledger).where(store.ledger.c.volunteer_id == vid)
                                .order_by(store.ledger.c.id)).all()
        return [{"delta": r.delta, "reason": r.reason, "reference": r.reference, "at": _utc(r.at).isoformat()}
                for r in rows]

    @staticmethod
    def _volunteer_id(conn: Any, ref: str) -> int:
        vid = conn.execute(select(store.volunteers.c.id).where(store.volunteers.c.ref == ref)).scalar()
        if vid is None:
            raise NotFound(f"no volunteer {str(ref)[:40]!r}")
        return int(vid)

    def add_partner(self, code: str, name: str) -> dict[str, str]:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", code or "") or not (name or "").strip():
            raise InputError("a partner needs a code (1-64 letters, digits, '.', '-', '_') and a name")
        try:
            with self._write() as conn:
                conn.execute(store.partners.insert().values(code=code, name=name.strip()[:200]))
        except IntegrityError:
            raise AlreadyExists(f"partner {code!r} exists") from None
        return {"code": code, "name": name.strip()[:200]}

    # --- points -----------------------------------------------------------------------

    def report_activity(self, ref: str, kind: str, activity_date: dt.date, quantity: int = 1, *,
                        reported_by: str = "unknown") -> ActivityResult:
        rule = rules.RULES.get(kind)
        if rule is None:
            raise InputError(f"unknown activity {str(kind)[:40]!r}; use one of {', '.join(rules.RULES)}")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= rule.max_quantity:
            raise InputError(f"quantity must be from 1 to {rule.max_quantity} for {kind}")
        today = self.clock.now().astimezone(rules.BANGKOK).date()
        if activity_date > today:
            raise InputError("an activity cannot be reported for a future day")
        if (today - activity_date).days > rules.MAX_REPORT_AGE_DAYS:
            raise InputError(f"activities may be reported up to {rules.MAX_REPORT_AGE_DAYS} days late")
        now = self.clock.now()
        a = store.activities
        with self._write() as conn:
            vid = self._volunteer_id(conn, ref)
            # lock the volunteer's row first (PostgreSQL), so two reports of one day see each other's points
            conn.execute(update(store.volunteers).where(store.volunteers.c.id == vid)
                         .values(balance=store.volunteers.c.balance))
            day = select(a.c.kind, func.coalesce(func.sum(a.c.points), 0)).where(
                a.c.volunteer_id == vid, a.c.activity_date == activity_date).group_by(a.c.kind)
            earned = {k: int(p) for k, p in conn.execute(day).all()}
            points = rules.points_for(rule, quantity, earned_kind_today=earned.get(kind, 0),
                                      earned_total_today=sum(earned.values()))
            activity_id = conn.execute(a.insert().values(
                volunteer_id=vid, kind=kind, activity_date=activity_date, quantity=quantity, points=points,
                reported_at=now, reported_by=reported_by[:120])).inserted_primary_key[0]
            if points:
                conn.execute(store.ledger.insert().values(volunteer_id=vid, delta=points, reason="activity",
                                                          reference=str(activity_id), at=now))
                conn.execute(update(store.volunteers).where(store.volunteers.c.id == vid)
                             .values(balance=store.volunteers.c.balance + points))
            balance = conn.execute(select(store.volunteers.c.balance).where(store.volunteers.c.id == vid)).scalar()
        return ActivityResult(int(activity_id), kind, points, points < rule.points_per_unit * quantity, int(balance))

    # --- vouchers ---------------------------------------------------------------------

    def buy_voucher(self, client: Any, ref: str, points: int, *, partner: str | None = None) -> BoughtVoucher:
        """Spend ``points`` on a voucher the CA signs (see the module text for the order)."""
        if not isinstance(points, int) or isinstance(points, bool) \
                or not rules.MIN_VOUCHER_POINTS <= points <= rules.MAX_VOUCHER_POINTS \
                or points % rules.VOUCHER_POINT_STEP:
            raise InputError(f"a voucher takes {rules.MIN_VOUCHER_POINTS}-{rules.MAX_VOUCHER_POINTS} points "
                             f"in steps of {rules.VOUCHER_POINT_STEP}")
        if partner is not None:
            with self._read() as conn:
                if conn.execute(select(store.partners.c.id).where(store.partners.c.code == partner)).first() is None:
                    raise NotFound(f"no partner shop {partner[:64]!r}")
        self.reverse_stale_debits(volunteer_ref=ref)
        volunteer = self.volunteer(ref)
        if volunteer.balance < points:
            raise PolicyError(f"not enough points: {volunteer.balance} left, {points} asked",
                              code="insufficient-points")
        value = points // rules.POINTS_PER_BAHT
        debit_id = self._debit(ref, points, value, partner)
        try:
            signed = client.issue_voucher(volunteer_ref=volunteer.ref, points=points, value_baht=value,
                                          valid_days=rules.VOUCHER_VALID_DAYS, partner=partner, debit_id=debit_id)
            if signed.volunteer_ref != volunteer.ref or signed.points != points or signed.partner != partner \
                    or signed.debit_id != debit_id:
                raise StateError("the CA signed a voucher other than the one asked for")
        except BaseException:
            self._reverse(debit_id)
            raise
        d, v = store.debits, store.volunteers
        with self._write() as conn:
            marked = conn.execute(update(d).where(d.c.debit_id == debit_id, d.c.state == "pending")
                                  .values(state="signed", voucher_id=signed.voucher_id)).rowcount
            if marked != 1:  # pragma: no cover - only this call moves its own pending debit
                raise StateError(f"debit {debit_id} is no longer pending; the signed voucher was discarded")
            vid = self._volunteer_id(conn, ref)
            conn.execute(store.vouchers.insert().values(
                voucher_id=signed.voucher_id, volunteer_id=vid, points=points, value_baht=value, partner=partner,
                issued_at=signed.issued_at, expires_at=signed.expires_at,
                text_sha256=hashlib.sha256(signed.text.encode()).hexdigest(), text=signed.text))
            balance = conn.execute(select(v.c.balance).where(v.c.id == vid)).scalar()
        return BoughtVoucher(signed.voucher_id, signed.text, points, value, partner, signed.expires_at, int(balance),
                             debit_id)

    def _debit(self, ref: str, points: int, value: int, partner: str | None) -> str:
        """Debit ``points`` (conditional UPDATE), write the ledger line and a pending debit; its id."""
        debit_id = secrets.token_hex(16)
        now = self.clock.now()
        v = store.volunteers
        with self._write() as conn:
            debited = conn.execute(update(v).where(v.c.ref == ref, v.c.balance >= points)
                                   .values(balance=v.c.balance - points)).rowcount
            if debited != 1:
                raise PolicyError("not enough points (spent meanwhile)", code="insufficient-points")
            vid = self._volunteer_id(conn, ref)
            conn.execute(store.debits.insert().values(debit_id=debit_id, volunteer_id=vid, points=points,
                                                      value_baht=value, partner=partner, state="pending",
                                                      created_at=now))
            conn.execute(store.ledger.insert().values(volunteer_id=vid, delta=-points, reason="voucher",
                                                      reference=debit_id, at=now))
        return debit_id

    def _reverse(self, debit_id: str) -> None:
        """A pending debit the CA did not sign for: credit the points back (once)."""
        d, v = store.debits, store.volunteers
        with self._write() as conn:
            row = conn.execute(select(d).where(d.c.debit_id == debit_id)).first()
            reversed_now = conn.execute(update(d).where(d.c.debit_id == debit_id, d.c.state == "pending")
                                        .values(state="reversed")).rowcount
            if row is None or reversed_now != 1:
                return
            conn.execute(update(v).where(v.c.id == row.volunteer_id).values(balance=v.c.balance + row.points))
            conn.execute(store.ledger.insert().values(volunteer_id=row.volunteer_id, delta=row.points,
                                                      reason="reversal", reference=debit_id, at=self.clock.now()))

    def reverse_stale_debits(self, *, older_than: dt.timedelta = STALE_DEBIT, volunteer_ref: str | None = None) -> int:
        """Reverse debits still ``pending`` after ``older_than`` (a crash between the CA's signature
        and marking the debit): safe, because a voucher whose debit is not ``signed`` is never
        redeemed. ``buy_voucher`` runs it for its volunteer; returns how many were reversed."""
        d = store.debits
        query = select(d.c.debit_id).where(d.c.state == "pending", d.c.created_at < self.clock.now() - older_than)
        with self._read() as conn:
            if volunteer_ref is not None:
                query = query.where(d.c.volunteer_id == self._volunteer_id(conn, volunteer_ref))
            stale = [row.debit_id for row in conn.execute(query.limit(1000)).all()]
        for debit_id in stale:
            self._reverse(debit_id)
        return len(stale)

    def debit_state(self, debit_id: str) -> str | None:
        """``pending``, ``signed``, ``reversed``, or None when the ledger holds no such debit."""
        with self._read() as conn:
            state = conn.execute(select(store.debits.c.state).where(store.debits.c.debit_id == debit_id)).scalar()
        return None if state is None else str(state)

    def voucher_qr_png(self, voucher_id: str) -> bytes:
        from mohpromt_verifier.formats.qr import qr_png

        with self._read() as conn:
            text = conn.execute(select(store.vouchers.c.text).where(store.vouchers.c.voucher_id == voucher_id)).scalar()
        if text is None:
            raise NotFound("no such voucher")
        return qr_png(text)

    def verify(self, client: Any, text: str) -> Any:
        """The verifier's report for ``text`` against the CA's voucher trust material."""
        from cryptography import x509

        from mohpromt_verifier.verifier.voucher_verifier import VoucherVerification, verify_voucher_text

        if self._trust_pem is None:
            self._trust_pem = client.voucher_trust()
        certificates = x509.load_pem_x509_certificates(self._trust_pem)
        how = VoucherVerification(signer_certificates=tuple(c for c in certificates if c.subject != c.issuer),
                                  anchors=tuple(c for c in certificates if c.subject == c.issuer), intermediates=(),
                                  clock=self.clock)
        return verify_voucher_text(text, how)

    def redeem(self, client: Any, text: str, partner: str, *, redeemed_by: str = "unknown") -> Redemption:
        """A partner shop takes a voucher: verified, then recorded once (see the module text)."""
        from mohpromt_verifier.formats.voucher import decode_voucher

        if not isinstance(text, str) or not isinstance(partner, str) or not partner:
            raise InputError("give the voucher text and the partner shop's code")
        report = self.verify(client, text)
        if report.verdict != "valid":
            raise InvalidVoucher("the voucher is not valid: " + "; ".join(report.reasons))
        voucher = decode_voucher(text).voucher
        with self._read() as conn:
            debit = None if voucher.debit_id is None else conn.execute(
                select(store.debits).where(store.debits.c.debit_id == voucher.debit_id)).first()
            row = conn.execute(select(store.vouchers).where(store.vouchers.c.voucher_id == voucher.voucher_id)).first()
            known_partner = conn.execute(select(store.partners.c.id).where(store.partners.c.code == partner)).first()
        if debit is None or debit.state != "signed" or debit.voucher_id != voucher.voucher_id:
            raise UnknownDebit("the rewards ledger holds no debit for this voucher: it was not bought with points here")
        if row is None or row.text_sha256 != hashlib.sha256(text.strip().encode()).hexdigest():
            raise InvalidVoucher("this voucher was not issued by this rewards programme")
        if known_partner is None:
            raise NotFound(f"no partner shop {partner[:64]!r}")
        if row.partner is not None and row.partner != partner:
            raise PolicyError(f"this voucher is for partner {row.partner!r} only", code="wrong-partner")
        now = self.clock.now()
        try:
            with self._write() as conn:  # the INSERT is the first statement: the UNIQUE constraint decides
                conn.execute(store.redemptions.insert().values(voucher_id=voucher.voucher_id, partner=partner,
                                                               redeemed_at=now, redeemed_by=redeemed_by[:120]))
        except IntegrityError:
            with self._read() as conn:
                first = conn.execute(select(store.redemptions).where(
                    store.redemptions.c.voucher_id == voucher.voucher_id)).first()
            when = f" on {_utc(first.redeemed_at).isoformat()} at {first.partner}" if first is not None else ""
            raise AlreadyRedeemed(f"voucher {voucher.voucher_id} was already redeemed{when}") from None
        return Redemption(voucher.voucher_id, partner, row.value_baht, now)
