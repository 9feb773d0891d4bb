"""The trust-list signing key: made by init, or lazily (and audited) for an authority
initialised before it existed; certified by the root for TS 119 612 list signing."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from tests.conftest import make_settings  # type: ignore[import-not-found]


def test_lazily_created_for_an_older_authority(tmp_path, monkeypatch) -> None:
    from mohpromt_ca.authority import hierarchy
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.trust_list_signer import (
        EKU_TSL_SIGNING,
        TRUST_LIST_KEY,
        has_trust_list_key,
        trust_list_key,
    )
    from mohpromt_ca.errors import NotFound
    from mohpromt_ca.storage.models import AuditEntry

    full_plan = hierarchy.plan
    monkeypatch.setattr(hierarchy, "plan", lambda org: tuple(p for p in full_plan(org) if p.name != TRUST_LIST_KEY))
    authority = Authority.open(make_settings(tmp_path / "data"), actor="older")
    try:
        hierarchy.initialise(authority, organisation="Ministry of Public Health", country="TH")
        assert not has_trust_list_key(authority)
        with pytest.raises(NotFound):
            authority.issuing_key(TRUST_LIST_KEY)
        key = trust_list_key(authority)
        assert has_trust_list_key(authority)
        certificate = key.certificate
        root = authority.certificate_of("root")
        certificate.verify_directly_issued_by(root)
        assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
        assert certificate.public_key().curve.name == "secp256r1"
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert [o.dotted_string for o in eku] == [EKU_TSL_SIGNING]
        assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        with authority.register.reading() as session:
            actions = [(e.action, e.target) for e in session.execute(select(AuditEntry).order_by(AuditEntry.id))
                       .scalars()][-3:]
        assert ("key.generate", f"key:{TRUST_LIST_KEY}") in actions
        assert actions[-1] == ("authority.create", f"authority:{TRUST_LIST_KEY}")
        assert (authority.settings.data_dir / "certs" / "trust-list.pem").exists()
        assert trust_list_key(authority).certificate == certificate  # made once
    finally:
        authority.close()


def test_init_makes_it(ca) -> None:
    from mohpromt_ca.authority.trust_list_signer import has_trust_list_key

    assert has_trust_list_key(ca)
