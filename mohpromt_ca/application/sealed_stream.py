"""An encrypted, authenticated byte stream: what a backup archive is wrapped in.

Format (all lengths big-endian)::

    b"MOHPBK01" | u32 header length | header (JSON) | frame*
    frame = u32 ciphertext length | AES-256-GCM(chunk)

The key comes from the operator's passphrase through scrypt (salt and cost in the header). Each
chunk (1 MiB of plaintext) is sealed with AES-256-GCM under nonce ``prefix(7) | counter(4) |
last(1)`` and the SHA-256 of the header as associated data (the STREAM construction): chunks
cannot be reordered, dropped, truncated at a boundary (the last one is marked) or moved to
another archive, and memory stays bounded by one chunk however large the archive is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mohpromt_ca.errors import InputError

MAGIC = b"MOHPBK01"
CHUNK = 1 << 20
SCRYPT = {"n": 1 << 15, "r": 8, "p": 1}
_MAX_HEADER = 4096
_MAX_CHUNK = 16 << 20
_U32 = struct.Struct(">I")


class BackupDamaged(InputError):
    """The archive is not one of ours, was altered, or the passphrase is wrong."""

    code = "backup-damaged"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise InputError("the backup passphrase is empty", code="backup-passphrase")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise InputError("the backup is too large for one archive (4 PiB)", code="backup-too-large")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A write-only file object: what is written goes to ``out`` encrypted. ``close()`` seals
    the last chunk (and must be called: without it the archive is refused as truncated)."""

    def __init__(self, out: BinaryIO, passphrase: str) -> None:
        salt, self._prefix = os.urandom(16), os.urandom(7)
        header = json.dumps({"v": 1, "cipher": "AES-256-GCM", "chunk": CHUNK, "nonce_prefix": _b64(self._prefix),
                             "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)}}).encode("ascii")
        preamble = MAGIC + _U32.pack(len(header)) + header
        out.write(preamble)
        self._aad = hashlib.sha256(preamble).digest()
        self._aead = AESGCM(_key(passphrase, salt, **SCRYPT))
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep one chunk back: the last one is sealed as last
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, self._aad)
        self._out.write(_U32.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True

    def flush(self) -> None:
        pass


class OpeningReader:
    """A read-only file object over a sealed stream; raises :class:`BackupDamaged` on any tampering."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        magic = source.read(len(MAGIC))
        if magic != MAGIC:
            raise BackupDamaged("this is not a mohpromt-ca backup archive")
        size = _U32.unpack(self._exactly(source, 4))[0]
        if size > _MAX_HEADER:
            raise BackupDamaged("the backup's header is too large")
        raw = self._exactly(source, size)
        try:
            header = json.loads(raw)
            kdf = header["kdf"]
            n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
            salt = base64.b64decode(kdf["salt"], validate=True)
            self._prefix = base64.b64decode(header["nonce_prefix"], validate=True)
            self._chunk = int(header["chunk"])
            ok = (header["v"] == 1 and header["cipher"] == "AES-256-GCM" and kdf["name"] == "scrypt"
                  and n <= 1 << 20 and r <= 32 and p <= 16 and len(self._prefix) == 7 and 0 < self._chunk <= _MAX_CHUNK)
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupDamaged("the backup's header does not parse") from exc
        if not ok:
            raise BackupDamaged("the backup's header names a format this version does not read")
        self._aad = hashlib.sha256(MAGIC + _U32.pack(size) + raw).digest()
        self._aead = AESGCM(_key(passphrase, salt, n, r, p))
        self._source = source
        self._plain = bytearray()
        self._counter = 0
        self._done = False

    @staticmethod
    def _exactly(source: BinaryIO, size: int) -> bytes:
        data = source.read(size)
        if len(data) != size:
            raise BackupDamaged("the backup archive is truncated")
        return data

    def _next(self) -> None:
        size = _U32.unpack(self._exactly(self._source, 4))[0]
        if size > self._chunk + 16 or size < 16:
            raise BackupDamaged("the backup archive has a damaged frame")
        sealed = self._exactly(self._source, size)
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._prefix, self._counter, last), sealed, self._aad)
            except InvalidTag:
                continue
            self._counter += 1
            self._plain += plain
            if last:
                if self._source.read(1):
                    raise BackupDamaged("the backup archive has data after its last chunk")
                self._done = True
            return
        if self._counter == 0:
            raise BackupDamaged("the backup passphrase is wrong, or the archive was altered")
        raise BackupDamaged(f"chunk {self._counter} of the backup archive was altered")

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._plain) < size):
            self._next()
        if size < 0 or size >= len(self._plain):
            out = bytes(self._plain)
            self._plain.clear()
        else:
            out = bytes(self._plain[:size])
            del self._plain[:size]
        return out

    def drain(self) -> None:
        """Read to the end: the last chunk must be there (a truncated archive raises)."""
        while not self._done:
            self._next()
            self._plain.clear()
