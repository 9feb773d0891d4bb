"""The CA's register: its keys, facilities, signers, every certificate, revocations, CRL state.

Constraints, not code, guarantee uniqueness. The serial row is written before signing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mohpromt_ca.storage.tables.base import Base, one_of
from mohpromt_ca.storage.types import UTCDateTime
from mohpromt_ca.vocabulary import CERTIFICATE_STATUSES, FACILITY_STATUSES, FACILITY_TYPES, PROFESSIONS


class AuthorityKey(Base):
    """A key the CA operates: the three CAs and the service keys (OCSP, TSA, ...)."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "ca" or "service"
    key_backend: Mapped[str] = mapped_column(String(16))
    key_ref: Mapped[str] = mapped_column(String(255))
    key_spec: Mapped[str] = mapped_column(String(16))
    certificate_serial: Mapped[str] = mapped_column(String(42))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # DSCs: out of use


class Facility(Base):
    __tablename__ = "facilities"
    __table_args__ = (
        CheckConstraint(one_of("type", FACILITY_TYPES), name="ck_facility_type"),
        CheckConstraint(one_of("status", FACILITY_STATUSES), name="ck_facility_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    licence: Mapped[str] = mapped_column(String(64), unique=True)
    name_th: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    contact: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # printed on every document the facility issues (the facility admin keeps them up to date)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    address_en: Mapped[str | None] = mapped_column(String(300), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(255), nullable=True)

    signers: Mapped[list[Signer]] = relationship(back_populates="facility")


class Signer(Base):
    __tablename__ = "signers"
    __table_args__ = (
        CheckConstraint(one_of("profession", PROFESSIONS), name="ck_signer_profession"),
        UniqueConstraint("facility_id", "profession", "licence", name="uq_signer_licence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    profession: Mapped[str] = mapped_column(String(32))
    licence: Mapped[str] = mapped_column(String(64))
    name_th: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    key_backend: Mapped[str | None] = mapped_column(String(16), nullable=True)
    key_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    facility: Mapped[Facility] = relationship(back_populates="signers")
    certificates: Mapped[list[Certificate]] = relationship(back_populates="signer")


class Certificate(Base):
    """Every certificate the CA issued. The serial row is written before signing."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint(one_of("status", CERTIFICATE_STATUSES), name="ck_certificate_status"),
        Index("ix_certificates_issuer_status", "issuer", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(42), unique=True)  # lowercase hex, no leading zeros
    issuer: Mapped[str] = mapped_column(String(64))  # authority name
    profile: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="reserved")
    der: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    signer: Mapped[Signer | None] = relationship(back_populates="certificates")
    revocation: Mapped[Revocation | None] = relationship(back_populates="certificate", uselist=False)


class Revocation(Base):
    __tablename__ = "revocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), unique=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))

    certificate: Mapped[Certificate] = relationship(back_populates="revocation")


class CrlState(Base):
    """The newest CRL of each issuing CA: its number only ever grows."""

    __tablename__ = "crls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(64), unique=True)
    number: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    this_update: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    next_update: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    der: Mapped[bytes] = mapped_column(LargeBinary)
    source_mark: Mapped[str] = mapped_column(String(64))  # revocation count:max id the CRL was built from
