"""The web pages under ``/web``: login, facility registration, RA queue, facility admin, issuance, history.

Every page is rendered by Jinja2 with autoescaping on and sent with a Content-Security-Policy
that allows no inline script (``script-src 'self'``: one small static file shows "signing…"),
``X-Frame-Options: DENY``, ``Referrer-Policy: same-origin`` and ``Cache-Control: no-store``.
Every POST carries a CSRF token bound to the session (``sessions``) and, when the browser
sends an ``Origin`` (or ``Referer``), it must be this site's; otherwise 403 with a page
that says what to do.

Every action goes through the registration desk, ``accounts`` or ``DocumentService`` with
the logged-in user's :class:`Principal`, so ``authorization`` decides: the facility and
signer a page acts for come from the session, never from the URL or the form alone (ids
that do appear there are checked against the principal). Personal data never goes in a
URL's query string; the access log records route templates only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import time
import urllib.parse
from pathlib import Path
from typing import Any, Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from ...errors import InputError, MohpromtError, NotFound
from ..authorization import USER, Principal, may_decide_facilities, may_manage_facility
from ..documents import REVOCATION_REASONS, DocumentService
from ..errors import Forbidden, Throttled, Unauthenticated
from . import forms, i18n, kinds
from .sessions import COOKIE, IDLE, LANG_COOKIE, REFRESH_AFTER, Session, SessionCodec, load_secret, login_session, new_session

PREFIX = "/web"
HERE = Path(__file__).resolve().parent
STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")  # the government's typeface, from fontpkg-sarabun: no CDN
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
HOME = {"ra-officer": f"{PREFIX}/ra", "facility-admin": f"{PREFIX}/facility", "signer": f"{PREFIX}/issue"}


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


@dataclasses.dataclass
class Ctx:
    """One request's session, language and whether the cookie must be (re)sent."""

    request: Request
    session: Session
    lang: str
    renew: bool
    password_hash: str | None = None

    @property
    def principal(self) -> Principal | None:
        s = self.session
        if not s.logged_in:
            return None
        return Principal(USER, s.username or "", s.role or "", s.facility_id, s.signer_id)


class Web:
    def __init__(self, documents: DocumentService) -> None:
        import jinja2

        self.documents = documents
        self.authority = documents.authority
        self.codec = SessionCodec(load_secret(self.authority.settings.data_dir))
        self.https_base = str(self.authority.settings.base_url).lower().startswith("https://")
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(quote=quote, PREFIX=PREFIX, forms=forms, i18n=i18n)

    # -- sessions ------------------------------------------------------------------------
    def context(self, request: Request) -> Ctx:
        now = int(time.time())
        lang = request.cookies.get(LANG_COOKIE, i18n.DEFAULT_LANG)
        lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
        session = self.codec.decode(request.cookies.get(COOKIE), now)
        if session is None:
            return Ctx(request, new_session(now), lang, True)
        if session.logged_in and not self._still_valid(session):
            return Ctx(request, new_session(now), lang, True)
        renew = now - session.seen >= REFRESH_AFTER
        if renew:
            session = dataclasses.replace(session, seen=now)
        return Ctx(request, session, lang, renew)

    def _still_valid(self, session: Session) -> bool:
        from .sessions import password_fingerprint
        from ..models import ServiceUser

        with self.authority.register.reading() as db:
            user = db.execute(select(ServiceUser).where(ServiceUser.username == session.username)).scalar_one_or_none()
            if user is None or user.disabled_at is not None:
                return False
            return (user.role, user.facility_id, user.signer_id) == (session.role, session.facility_id,
                                                                   session.signer_id) \
                and password_fingerprint(user.password_hash) == session.pw \
                and (user.session_generation or 0) == session.gen

    def secure(self, request: Request) -> bool:
        return request.url.scheme == "https" or self.https_base

    def _finish(self, ctx: Ctx, response: Response) -> Response:
        if ctx.renew:
            response.set_cookie(COOKIE, self.codec.encode(ctx.session), max_age=IDLE, path="/", httponly=True,
                                samesite="lax", secure=self.secure(ctx.request))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    # -- responses -----------------------------------------------------------------------
    def render(self, ctx: Ctx, template: str, status: int = 200, **values: Any) -> Response:
        lang = ctx.lang

        def t(key: str) -> str:
            return i18n.t(lang, key)

        page = self.env.get_template(template).render(
            t=t, lang=lang, label=lambda name: i18n.field_label(lang, name),
            option=lambda value: i18n.enum_label(lang, value), csrf=self.codec.csrf_token(ctx.session),
            user=ctx.session if ctx.session.logged_in else None, path=ctx.request.url.path, **values)
        return self._finish(ctx, HTMLResponse(page, status_code=status))

    def redirect(self, ctx: Ctx, to: str) -> Response:
        return self._finish(ctx, RedirectResponse(to, status_code=303))

    def problem_page(self, ctx: Ctx, exc: MohpromtError) -> Response:
        title = {401: "session_expired", 403: "forbidden", 404: "not_found", 429: "throttled"}.get(
            exc.http_status, "error")
        status = exc.http_status if 400 <= exc.http_status < 600 else 400
        return self.render(ctx, "error.html", status=status, title=title, message=exc.message)

    # -- gates ---------------------------------------------------------------------------
    def check_post(self, ctx: Ctx, form: FormData) -> Response | None:
        """403 unless the form's CSRF token is this session's and the request comes from this site."""
        request = ctx.request
        origin = request.headers.get("origin") or request.headers.get("referer")
        if origin and origin != "null":
            parsed = urllib.parse.urlsplit(origin)
            mine = {f"{request.url.scheme}://{request.url.netloc}".lower()}
            base = urllib.parse.urlsplit(str(self.authority.settings.base_url))
            mine.add(f"{base.scheme}://{base.netloc}".lower())
            if f"{parsed.scheme}://{parsed.netloc}".lower() not in mine:
                return self.render(ctx, "error.html", status=403, title="csrf_title", message=None, csrf_failure=True)
        elif origin == "null":
            return self.render(ctx, "error.html", status=403, title="csrf_title", message=None, csrf_failure=True)
        token = form.get("csrf_token")
        if not self.codec.csrf_ok(ctx.session, token if isinstance(token, str) else None):
            return self.render(ctx, "error.html", status=403, title="csrf_title", message=None, csrf_failure=True)
        return None

    def need(self, ctx: Ctx, *roles: str) -> Response | None:
        if not ctx.session.logged_in:
            return self.redirect(ctx, f"{PREFIX}/login")
        if roles and ctx.session.role not in roles:
            return self.problem_page(ctx, Forbidden(i18n.t(ctx.lang, "forbidden")))
        return None

    def acting(self, principal: Principal) -> Any:
        """The authority, naming the user in the audit log."""
        return dataclasses.replace(self.authority, actor=principal.label)


async def posted_form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=2000)


def web_router(documents: DocumentService) -> APIRouter:
    web = Web(documents)
    authority = web.authority
    router = APIRouter(include_in_schema=False)
    context = web.context

    def guarded(fn: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            try:
                return fn(*args, **kwargs)
            except MohpromtError as exc:
                return web.problem_page(kwargs["ctx"], exc)

        wrapper.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
        return wrapper

    # -- static, language, home ----------------------------------------------------------
    @router.get(PREFIX + "/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})

    @router.get(PREFIX + "/static/fonts/{name}")
    def font(name: str) -> Response:
        from ...issuer.rendering import font_dir

        if name not in FONTS:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response((font_dir() / name).read_bytes(), media_type="font/ttf",
                        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})

    @router.get(PREFIX + "/lang/{lang}")
    def switch_language(lang: str, request: Request, back: str = PREFIX + "/") -> Response:
        target = back if back.startswith(PREFIX + "/") and "//" not in back and "\\" not in back else PREFIX + "/"
        response = RedirectResponse(target, status_code=303)
        if lang in i18n.LANGS:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax",
                                secure=web.secure(request))
        return response

    @router.get("/")
    def root() -> Response:
        return RedirectResponse(PREFIX + "/", status_code=303)

    @router.get(PREFIX)
    @router.get(PREFIX + "/")
    def home(ctx: Ctx = Depends(context)) -> Response:
        if not ctx.session.logged_in:
            return web.redirect(ctx, f"{PREFIX}/login")
        return web.redirect(ctx, HOME.get(ctx.session.role or "", f"{PREFIX}/login"))

    # -- login / logout ------------------------------------------------------------------
    @router.get(PREFIX + "/login")
    def login_page(ctx: Ctx = Depends(context)) -> Response:
        return web.render(ctx, "login.html", error=None, username="")

    @router.post(PREFIX + "/login")
    def login(ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ..accounts import authenticate_user
        from ..models import ServiceUser

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        username = str(form.get("username") or "")[:64]
        password = str(form.get("password") or "")
        client = ctx.request.client.host if ctx.request.client else None
        try:
            info = authenticate_user(authority, username, password, client=client)
        except Throttled:
            return web.render(ctx, "login.html", status=429, error="throttled", username=username)
        except (Unauthenticated, InputError):
            return web.render(ctx, "login.html", status=401, error="wrong_login", username=username)
        with authority.register.reading() as db:
            stored = db.get(ServiceUser, info.id)
            password_hash = stored.password_hash if stored is not None else ""
            generation = (stored.session_generation or 0) if stored is not None else 0
        ctx.session = login_session(username=info.username, role=info.role, facility_id=info.facility_id,
                                    signer_id=info.signer_id, password_hash=password_hash, generation=generation)
        ctx.renew = True
        return web.redirect(ctx, HOME.get(info.role, PREFIX + "/"))

    @router.post(PREFIX + "/logout")
    def logout(ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if ctx.session.logged_in:
            _end_sessions(web.authority, ctx.session.username)
        ctx.session, ctx.renew = new_session(), True
        return web.render(ctx, "login.html", error=None, username="", notice="logged_out")

    # -- public facility registration ----------------------------------------------------
    @router.get(PREFIX + "/register")
    def register_page(ctx: Ctx = Depends(context)) -> Response:
        return web.render(ctx, "register.html", values={}, errors={}, done=False)

    @router.post(PREFIX + "/register")
    def register(ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ...ca.registration import register_facility
        from ...vocabulary import FACILITY_TYPES
        from ..accounts import _username, check_password_policy, create_user
        from ..models import ServiceUser

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        names = ("type", "licence", "name_th", "name_en", "contact", "username")
        values = {k: str(form.get(k) or "").strip() for k in names}
        password, again = str(form.get("password") or ""), str(form.get("password2") or "")
        errors: dict[str, str] = {}
        if values["type"] not in FACILITY_TYPES:
            errors["type"] = i18n.t(ctx.lang, "required")
        for key in ("licence", "name_th", "name_en"):
            if not values[key]:
                errors[key] = i18n.t(ctx.lang, "required")
        try:
            username = _username(values["username"])
        except InputError as exc:
            errors["username"] = exc.message
        else:
            with authority.register.reading() as db:
                if db.execute(select(ServiceUser.id).where(ServiceUser.username == username)).first():
                    errors["username"] = "this username is taken / ชื่อผู้ใช้นี้มีผู้ใช้แล้ว"
        try:
            check_password_policy(password)
        except InputError as exc:
            errors["password"] = exc.message
        if password != again:
            errors["password2"] = i18n.t(ctx.lang, "passwords_differ")
        if not errors:
            registrar = dataclasses.replace(authority, actor="web:registration")
            try:
                facility = register_facility(registrar, type=values["type"], licence=values["licence"],
                                             name_th=values["name_th"], name_en=values["name_en"],
                                             contact=values["contact"] or None)
                create_user(registrar, username=username, password=password, role="facility-admin",
                            facility_id=facility.id)
            except MohpromtError as exc:
                errors["_form"] = exc.message
        if errors:
            return web.render(ctx, "register.html", status=422, values=values, errors=errors, done=False)
        return web.render(ctx, "register.html", values=values, errors={}, done=True)

    # -- RA officer ----------------------------------------------------------------------
    @router.get(PREFIX + "/ra")
    @guarded
    def ra_queue(ctx: Ctx = Depends(context)) -> Response:
        from ...storage.models import Facility

        if (gate := web.need(ctx, "ra-officer")) is not None:
            return gate
        assert ctx.principal is not None
        may_decide_facilities(ctx.principal)
        with authority.register.reading() as db:
            pending = [_facility(f) for f in db.execute(
                select(Facility).where(Facility.status == "pending").order_by(Facility.id)).scalars()]
            decided = [_facility(f) for f in db.execute(
                select(Facility).where(Facility.status != "pending").order_by(Facility.decided_at.desc()).limit(20)
            ).scalars()]
        return web.render(ctx, "ra.html", pending=pending, decided=decided, notice=ctx.request.query_params.get("done"))

    @router.post(PREFIX + "/ra/facilities/{facility_id}/{decision}")
    @guarded
    def ra_decide(facility_id: int, decision: str, ctx: Ctx = Depends(context),
                  form: FormData = Depends(posted_form)) -> Response:
        from ...ca.registration import decide_facility

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "ra-officer")) is not None:
            return gate
        assert ctx.principal is not None
        may_decide_facilities(ctx.principal)
        if decision not in ("approve", "reject"):
            raise NotFound("no such decision")
        reason = str(form.get("reason") or "").strip()[:255] or None
        if decision == "reject" and not reason:
            raise InputError(i18n.t(ctx.lang, "reason_required"))
        decide_facility(web.acting(ctx.principal), facility_id, decision, reason=reason)
        return web.redirect(ctx, f"{PREFIX}/ra?done={'approved_msg' if decision == 'approve' else 'rejected_msg'}")

    # -- facility administrator ----------------------------------------------------------
    def facility_page(ctx: Ctx, *, status: int = 200, errors: dict[str, str] | None = None,
                      values: dict[str, str] | None = None, notice: str | None = None,
                      new_token: str | None = None) -> Response:
        from ...storage.models import Certificate, Facility, Signer
        from ..accounts import list_api_keys
        from ..models import ServiceUser

        assert ctx.principal is not None and ctx.principal.facility_id is not None
        fid = ctx.principal.facility_id
        may_manage_facility(ctx.principal, fid)
        with authority.register.reading() as db:
            facility = _facility(db.get(Facility, fid))
            signers = []
            for s in db.execute(select(Signer).where(Signer.facility_id == fid).order_by(Signer.id)).scalars():
                cert = db.execute(select(Certificate).where(Certificate.signer_id == s.id, Certificate.der.is_not(None))
                                  .order_by(Certificate.created_at.desc()).limit(1)).scalar_one_or_none()
                accounts = [u.username for u in db.execute(select(ServiceUser).where(
                    ServiceUser.signer_id == s.id, ServiceUser.disabled_at.is_(None))).scalars()]
                from ...ca.names import display_licence

                signers.append({"id": s.id, "profession": s.profession, "licence": display_licence(s.profession, s.licence),
                                "name_th": s.name_th, "name_en": s.name_en, "accounts": accounts,
                                "status": cert.status if cert else "none",
                                "not_after": cert.not_after.date().isoformat() if cert else ""})
        keys = [k for k in list_api_keys(authority, facility_id=fid)]
        from ...vocabulary import PROFESSIONS

        return web.render(ctx, "facility.html", status=status, facility=facility, signers=signers, keys=keys,
                          professions=PROFESSIONS, errors=errors or {}, values=values or {},
                          notice=notice or ctx.request.query_params.get("done"), new_token=new_token)

    @router.get(PREFIX + "/facility")
    @guarded
    def facility_home(ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "facility-admin")) is not None:
            return gate
        return facility_page(ctx)

    @router.post(PREFIX + "/facility/signers")
    @guarded
    def enrol(ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ...ca.registration import enrol_signer
        from ...vocabulary import PROFESSIONS
        from ..accounts import _username, check_password_policy, create_user
        from ..models import ServiceUser

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "facility-admin")) is not None:
            return gate
        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)  # the facility is the session's, never the form's
        names = ("profession", "licence", "name_th", "name_en", "username")
        values = {k: str(form.get(k) or "").strip() for k in names}
        password, again = str(form.get("password") or ""), str(form.get("password2") or "")
        errors: dict[str, str] = {}
        if values["profession"] not in PROFESSIONS:
            errors["profession"] = i18n.t(ctx.lang, "required")
        for key in ("licence", "name_th", "name_en"):
            if not values[key]:
                errors[key] = i18n.t(ctx.lang, "required")
        try:
            username = _username(values["username"])
            with authority.register.reading() as db:
                if db.execute(select(ServiceUser.id).where(ServiceUser.username == username)).first():
                    errors["username"] = "this username is taken / ชื่อผู้ใช้นี้มีผู้ใช้แล้ว"
        except InputError as exc:
            errors["username"] = exc.message
        try:
            check_password_policy(password)
        except InputError as exc:
            errors["password"] = exc.message
        if password != again:
            errors["password2"] = i18n.t(ctx.lang, "passwords_differ")
        if not errors:
            acting = web.acting(principal)
            try:
                enrolment = enrol_signer(acting, facility_id=principal.facility_id, profession=values["profession"],
                                         licence=values["licence"], name_th=values["name_th"], name_en=values["name_en"])
                create_user(acting, username=username, password=password, role="signer",
                            signer_id=enrolment.signer.id)
            except (InputError, MohpromtError) as exc:
                if isinstance(exc, Forbidden):
                    raise
                errors["_form"] = exc.message
        if errors:
            return facility_page(ctx, status=422, errors=errors, values=values)
        from ...plugins.publishing import signer_enrolled

        signer_enrolled(enrolment, actor=principal.label)
        return web.redirect(ctx, f"{PREFIX}/facility?done=enrolled")

    @router.post(PREFIX + "/facility/signers/{signer_id}/suspend")
    @guarded
    def suspend_signer(signer_id: int, ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "facility-admin")) is not None:
            return gate
        assert ctx.principal is not None
        _suspend_signer(web, ctx.principal, signer_id)
        from ...plugins.publishing import signer_revoked

        signer_revoked(signer_id, "certificateHold", actor=ctx.principal.label)
        return web.redirect(ctx, f"{PREFIX}/facility?done=suspended_msg")

    @router.post(PREFIX + "/facility/api-keys")
    @guarded
    def create_key(ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ...storage.models import Signer
        from ..accounts import create_api_key

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "facility-admin")) is not None:
            return gate
        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)
        scope = str(form.get("scope") or "facility")
        label = str(form.get("label") or "").strip() or None
        if scope == "facility":
            info, token = create_api_key(authority, facility_id=principal.facility_id, label=label,
                                         actor=principal.label)
        else:
            try:
                signer_id = int(scope)
            except ValueError:
                raise InputError("scope: the facility or one of its signers") from None
            with authority.register.reading() as db:
                signer = db.get(Signer, signer_id)
                owner = signer.facility_id if signer is not None else -1
            may_manage_facility(principal, owner)  # another facility's signer: 403
            info, token = create_api_key(authority, signer_id=signer_id, label=label, actor=principal.label)
        return facility_page(ctx, new_token=token, notice=None)

    @router.post(PREFIX + "/facility/api-keys/{key_id}/revoke")
    @guarded
    def revoke_key(key_id: str, ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ..accounts import revoke_api_key

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "facility-admin")) is not None:
            return gate
        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)
        revoke_api_key(authority, key_id, actor=principal.label, facility_id=principal.facility_id)
        return web.redirect(ctx, f"{PREFIX}/facility?done=revoked_key")

    # -- signer: issuance --------------------------------------------------------------------
    def signer_record(principal: Principal) -> kinds.SignerRecord:
        from ...storage.models import Facility, Signer

        with authority.register.reading() as db:
            signer = db.get(Signer, principal.signer_id) if principal.signer_id is not None else None
            if signer is None or signer.facility_id != principal.facility_id:
                raise Forbidden("this account has no signer")
            facility = db.get(Facility, signer.facility_id)
            return kinds.SignerRecord(signer.id, signer.profession, signer.licence, signer.name_th, signer.name_en,
                                      facility.licence, facility.name_th, facility.name_en)

    @router.get(PREFIX + "/issue")
    @guarded
    def issue_index(ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "signer")) is not None:
            return gate
        assert ctx.principal is not None
        record = signer_record(ctx.principal)
        from ...templates import list_types

        allowed = [k for k, t in zip(kinds.pdf_kinds(), list_types())
                   if record.profession in t.schema.allowed_professions]
        return web.render(ctx, "issue_index.html", pdf_kinds=allowed, dcc_kinds=kinds.dcc_kinds(), signer=record)

    def form_page(ctx: Ctx, kind: kinds.FormKind, record: kinds.SignerRecord, values: dict[str, Any], *,
                  errors: list[tuple[str, str]] | None = None, add: str | None = None, status: int = 200,
                  message: str | None = None) -> Response:
        shape = kind.shape
        rows = forms.row_counts(shape, values, add)
        placed, loose = forms.attach_errors(shape, errors or [], rows)
        if message:
            loose.append(message)
        return web.render(ctx, "issue_form.html", status=status, kind=kind, shape=shape, values=values, rows=rows,
                          errors=placed, loose=loose, locked=kind.locked(record), choices=kind.choices(record),
                          signer=record, has_errors=bool(errors or message))

    def read_kind(slug: str) -> kinds.FormKind:
        kind = kinds.find_kind(slug)
        if kind is None:
            raise NotFound("no such certificate type")
        return kind

    def posted_values(form: FormData, kind: kinds.FormKind, record: kinds.SignerRecord) -> tuple[dict[str, Any], dict[str, Any]]:
        """(data for the service, flat values to show again)."""
        data = kind.apply_locked(forms.parse(form, kind.shape), record)
        shown: dict[str, Any] = {}
        for key in form.keys():
            if key in ("csrf_token", "_add", "signer_id"):
                continue
            got = form.getlist(key)
            shown[key] = got if len(got) > 1 or key in _checkbox_paths(kind.shape) else got[0]
        shown.update(kind.locked(record))
        return data, shown

    @router.get(PREFIX + "/issue/{slug}")
    @guarded
    def issue_form(slug: str, ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "signer")) is not None:
            return gate
        assert ctx.principal is not None
        record = signer_record(ctx.principal)
        kind = read_kind(slug)
        values = {**kind.defaults(authority.clock.now()), **kind.locked(record)}
        return form_page(ctx, kind, record, values)

    @router.post(PREFIX + "/issue/{slug}/{step}")
    @guarded
    def issue_step(slug: str, step: str, ctx: Ctx = Depends(context),
                   form: FormData = Depends(posted_form)) -> Response:
        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "signer")) is not None:
            return gate
        principal = ctx.principal
        assert principal is not None
        record = signer_record(principal)
        kind = read_kind(slug)
        data, shown = posted_values(form, kind, record)
        if step == "edit":
            add = str(form.get("_add") or "") or None
            return form_page(ctx, kind, record, shown, add=add)
        problems = kind.check(data)
        if problems:
            return form_page(ctx, kind, record, shown, errors=problems, status=422)
        if step == "preview":
            summary = _summary(kind.shape, data)
            return web.render(ctx, "preview.html", kind=kind, summary=summary, hidden=_hidden(shown),
                              signer_id=str(form.get("signer_id") or record.signer_id))
        if step == "preview.pdf" and kind.kind == "pdf":
            from ...templates import get_type

            ctype = get_type(kind.key)
            model = ctype.validate(data)
            pdf = documents.pdf_issuer().renderer.render_validated(ctype, model, "PREVIEW - NOT SIGNED - NOT VALID")
            return web._finish(ctx, Response(pdf, media_type="application/pdf", headers={
                "Content-Disposition": 'inline; filename="preview-not-signed.pdf"'}))
        if step != "sign":
            raise NotFound("no such step")
        try:
            signer_id = int(str(form.get("signer_id") or record.signer_id))
        except ValueError:
            raise InputError("signer_id must be a number") from None
        from ..api import announce_issued

        try:
            if kind.kind == "pdf":
                view = documents.issue_pdf(principal, type_key=kind.key, data=data, signer_id=signer_id)
            else:
                if signer_id != principal.signer_id:
                    raise Forbidden(f"you may not sign with signer {signer_id}")
                view = documents.issue_dcc(principal, data=data, dcc_type=kind.key)
        except (Forbidden, Unauthenticated):
            raise
        except InputError as exc:
            problems = list(getattr(exc, "errors", []) or [])
            path = getattr(exc, "path", None)
            if not problems and isinstance(path, str) and path.strip("/"):
                problems = [(path.strip("/").replace("/", "."), exc.message)]
            return form_page(ctx, kind, record, shown, errors=problems, status=422,
                             message=None if problems else exc.message)
        except MohpromtError as exc:
            if exc.http_status == 409:  # the number is taken: say so next to it
                return form_page(ctx, kind, record, shown, errors=[("document_number", exc.message)], status=409)
            raise
        from ...plugins.publishing import subject_of

        announce_issued(view, principal, subject_id=subject_of(data))
        return web.redirect(ctx, f"{PREFIX}/documents/{quote(view.number)}?issued=1")

    # -- documents: history, result, downloads, revoke ------------------------------------------
    @router.get(PREFIX + "/documents")
    @guarded
    def history(ctx: Ctx = Depends(context), number: str = "", type: str = "", status: str = "",
                date_from: str = "", date_to: str = "") -> Response:
        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        assert ctx.principal is not None
        query = {"number": number[:128], "type": type[:64], "status": status if status in ("valid", "revoked") else "",
                 "date_from": _date(date_from), "date_to": _date(date_to)}
        rows = _search(web, ctx.principal, query)
        from ...templates import type_keys

        types = [*type_keys(), *kinds.DCC_KINDS]
        return web.render(ctx, "history.html", rows=rows, query={k: (v.isoformat() if isinstance(v, dt.date) else v)
                                                                  for k, v in query.items()}, types=types)

    def owned(ctx: Ctx, number: str) -> Any:
        assert ctx.principal is not None
        return documents.status(ctx.principal, number)

    @router.get(PREFIX + "/documents/{number:path}/pdf")
    @guarded
    def download_pdf(number: str, ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        assert ctx.principal is not None
        view, pdf = documents.pdf(ctx.principal, number)
        return web._finish(ctx, Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{_filename(view.number)}.pdf"'}))

    def hc1_of(ctx: Ctx, number: str) -> tuple[Any, str]:
        view = owned(ctx, number)
        if view.kind != "dcc":
            raise NotFound("this document is a PDF, not a DCC")
        return view, documents.artefacts.get(view.sha256, ".hc1").decode("ascii")

    @router.get(PREFIX + "/documents/{number:path}/qr.png")
    @guarded
    def qr_png(number: str, ctx: Ctx = Depends(context)) -> Response:
        from ...formats.qr import qr_png as make_png

        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        view, hc1 = hc1_of(ctx, number)
        disposition = "attachment" if ctx.request.query_params.get("download") else "inline"
        return web._finish(ctx, Response(make_png(hc1), media_type="image/png", headers={
            "Content-Disposition": f'{disposition}; filename="{_filename(view.number)}.png"'}))

    @router.get(PREFIX + "/documents/{number:path}/hc1.txt")
    @guarded
    def hc1_text(number: str, ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        view, hc1 = hc1_of(ctx, number)
        return web._finish(ctx, Response(hc1, media_type="text/plain; charset=us-ascii", headers={
            "Content-Disposition": f'attachment; filename="{_filename(view.number)}.hc1.txt"'}))

    @router.post(PREFIX + "/documents/{number:path}/revoke")
    @guarded
    def revoke(number: str, ctx: Ctx = Depends(context), form: FormData = Depends(posted_form)) -> Response:
        from ...plugins.publishing import document_revoked

        if (refused := web.check_post(ctx, form)) is not None:
            return refused
        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        assert ctx.principal is not None
        reason = str(form.get("reason") or "")
        if reason not in REVOCATION_REASONS:
            raise InputError(i18n.t(ctx.lang, "reason_required"))
        view = documents.revoke(ctx.principal, number, reason=reason)
        document_revoked(view.number, view.kind, view.revocation_reason or "", actor=ctx.principal.label)
        return web.redirect(ctx, f"{PREFIX}/documents/{quote(view.number)}?revoked=1")

    @router.get(PREFIX + "/documents/{number:path}")
    @guarded
    def document(number: str, ctx: Ctx = Depends(context)) -> Response:
        if (gate := web.need(ctx, "signer", "facility-admin")) is not None:
            return gate
        view = owned(ctx, number)
        notice = "issued_ok" if ctx.request.query_params.get("issued") else (
            "revoked_doc" if ctx.request.query_params.get("revoked") else None)
        return web.render(ctx, "document.html", doc=view, notice=notice, reasons=REVOCATION_REASONS)

    return router


# --------------------------------------------------------------------------- helpers


def _facility(f: Any) -> dict[str, Any]:
    return {"id": f.id, "type": f.type, "licence": f.licence, "name_th": f.name_th, "name_en": f.name_en,
            "contact": f.contact, "status": f.status, "created_at": f.created_at.date().isoformat(),
            "reason": f.reason}


def _filename(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in number)[:100]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _checkbox_paths(shape: forms.Group) -> set[str]:
    found: set[str] = set()

    def walk(g: forms.Group, prefix: str) -> None:
        for child in g.children:
            if isinstance(child, forms.Leaf) and child.kind == "checkboxes":
                found.add(prefix + child.name)
            elif isinstance(child, forms.Group):
                walk(child, f"{prefix}{child.name}.")
    walk(shape, "")
    return found


def _hidden(shown: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in shown.items():
        for item in (value if isinstance(value, list) else [value]):
            if item is not None and item != "":
                out.append((key, str(item)))
    return out


def _summary(shape: forms.Group, data: dict[str, Any]) -> list[tuple[list[str], Any]]:
    """(label path, value) for every filled field, in form order."""
    out: list[tuple[list[str], Any]] = []

    def walk(g: forms.Group, node: Any, trail: list[str]) -> None:
        if not isinstance(node, dict):
            return
        for child in g.children:
            if child.name not in node:
                continue
            value = node[child.name]
            if isinstance(child, forms.Leaf):
                out.append(([*trail, child.name], value))
            elif isinstance(child, forms.Group):
                walk(child, value, [*trail, child.name])
            else:
                for i, row in enumerate(value or []):
                    walk(child.item, row, [*trail, child.name, f"#{i + 1}"])

    walk(shape, data, [])
    return out


def _search(web: Web, principal: Principal, query: dict[str, Any]) -> list[Any]:
    """The principal's own documents (its facility's; its own for a signer), newest first."""
    from ...storage.models import IssuedDocument
    from ..models import ServiceDocument

    if principal.facility_id is None:
        return []
    stmt = (select(IssuedDocument.document_number).join(ServiceDocument,
            ServiceDocument.issued_document_id == IssuedDocument.id)
            .where(ServiceDocument.facility_id == principal.facility_id))
    if principal.signer_id is not None:
        stmt = stmt.where(ServiceDocument.signer_id == principal.signer_id)
    if query["number"]:
        stmt = stmt.where(IssuedDocument.document_number.contains(query["number"], autoescape=True))
    if query["type"]:
        stmt = stmt.where(IssuedDocument.type == query["type"])
    if query["date_from"]:
        start = dt.datetime.combine(query["date_from"], dt.time(), kinds.BANGKOK)
        stmt = stmt.where(IssuedDocument.issued_at >= start)
    if query["date_to"]:
        end = dt.datetime.combine(query["date_to"] + dt.timedelta(days=1), dt.time(), kinds.BANGKOK)
        stmt = stmt.where(IssuedDocument.issued_at < end)
    stmt = stmt.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()).limit(200)
    with web.authority.register.reading() as db:
        numbers = [row[0] for row in db.execute(stmt)]
    views = []
    for number in numbers:
        try:
            view = web.documents.status(principal, number)  # the authorization rules decide again
        except MohpromtError:
            continue
        if query["status"] and view.status != query["status"]:
            continue
        views.append(view)
        if len(views) >= 100:
            break
    return views


def _suspend_signer(web: Web, principal: Principal, signer_id: int) -> None:
    """Hold the signer's certificates (certificateHold: reversible) and disable its login accounts."""
    from ...ca import audit
    from ...ca.revocation import revoke_in_session
    from ...storage.models import Certificate, Signer
    from ..models import ServiceUser

    authority = web.acting(principal)
    with authority.register.transaction() as db:
        signer = db.get(Signer, signer_id)
        may_manage_facility(principal, signer.facility_id if signer is not None else -1)
        for row in db.execute(select(Certificate).where(Certificate.signer_id == signer_id,
                                                        Certificate.status == "issued")).scalars():
            revoke_in_session(db, authority, row, "certificateHold", cause=f"signer {signer_id} suspended")
        now = authority.clock.now()
        for user in db.execute(select(ServiceUser).where(ServiceUser.signer_id == signer_id,
                                                         ServiceUser.disabled_at.is_(None))).scalars():
            user.disabled_at = now
        audit.append(db, actor=principal.label, action="signer.suspend", target=f"signer:{signer_id}",
                     details={"facility": principal.facility_id}, clock=authority.clock)


def _end_sessions(authority: Any, username: str | None) -> None:
    """Every session of ``username`` opened so far ends (its generation moves on)."""
    from ..models import ServiceUser

    with authority.register.transaction() as db:
        user = db.execute(select(ServiceUser).where(ServiceUser.username == username)).scalar_one_or_none()
        if user is not None:
            user.session_generation = (user.session_generation or 0) + 1
