"""What several service nodes and workers share through the register (migration 0010).

* ``service_bulk_job_chunks``: a bulk job's chunk tasks (at most 500 records each), one row a
  chunk; a job is finished when every chunk is.
* ``service_bulk_job_inputs``: the records of a job waiting to be issued (medical data, kept only
  until their chunk is done), so any worker on any machine can run any chunk.
* ``stored_artefacts``: signed PDFs and HC1 texts on PostgreSQL (the embedded SQLite default keeps
  them as 0600 files), so any node can serve a download or a bulk job's result.
* ``shared_secrets``: the web session / CSRF key and the plugins' keyed-hash secrets, one value
  for every node.
* ``file_key_homes``: where the file key backend's keys live for this register (host and
  directory): a second node on another data directory is refused.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime


class BulkJobChunk(Base):
    __tablename__ = "service_bulk_job_chunks"
    __table_args__ = (
        UniqueConstraint("job_id", "number", name="uq_bulk_job_chunk_number"),
        CheckConstraint("state IN ('queued', 'done')", name="ck_bulk_job_chunk_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("service_bulk_jobs.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    first_line: Mapped[int] = mapped_column(Integer)
    last_line: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: the process that last started it (host:pid): which worker holds a chunk, for operators
    runner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class BulkJobInput(Base):
    __tablename__ = "service_bulk_job_inputs"
    __table_args__ = (UniqueConstraint("job_id", "line", name="uq_bulk_job_input_line"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("service_bulk_jobs.id"))
    line: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)


class StoredArtefact(Base):
    __tablename__ = "stored_artefacts"
    __table_args__ = (UniqueConstraint("sha256", "suffix", name="uq_stored_artefact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    suffix: Mapped[str] = mapped_column(String(8))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SharedSecret(Base):
    __tablename__ = "shared_secrets"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class FileKeyHome(Base):
    __tablename__ = "file_key_homes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    keys_dir: Mapped[str] = mapped_column(String(1024))
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
