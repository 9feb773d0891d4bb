"""HCERT-specific errors, each tied to the pipeline stage that raised it.

``code`` is the stage ("hc1-prefix", "base45", "zlib", "cose", "cbor", "claims",
"signature", "schema", "valueset", "uvci", "icao"): scripts and reports match on it.
Subclasses narrow the reason (an invalid character vs. an out-of-range triplet) for code
that wants to, without changing the stage code.
"""

from __future__ import annotations

from mohpromt_verifier.errors import InputError, InputTooLarge, MohpromtError, VerificationError


class HcertError(MohpromtError):
    """Base of every error raised by the HCERT format layer."""

    code = "hcert"

    @property
    def stage(self) -> str:
        return self.code


class HcertDecodeError(HcertError, InputError):
    """The bytes or text handed to the decoder are malformed."""

    code = "hcert-decode"


class HcertTooLarge(HcertDecodeError, InputTooLarge):
    """An input, an inflated buffer or a CBOR structure exceeds its bound."""

    code = "input-too-large"


# --- "HC1:" prefix --------------------------------------------------------------------


class PrefixError(HcertDecodeError):
    code = "hc1-prefix"


# --- base45 ---------------------------------------------------------------------------


class Base45Error(HcertDecodeError):
    code = "base45"


class Base45CharacterError(Base45Error):
    """A character outside the 45-character alphabet."""


class Base45ValueError(Base45Error):
    """A triplet above 65535 or a trailing pair above 255."""


class Base45LengthError(Base45Error):
    """The text length is 1 modulo 3: no valid encoding has that length."""


# --- zlib -----------------------------------------------------------------------------


class ZlibError(HcertDecodeError):
    code = "zlib"


class DecompressionBomb(HcertTooLarge):
    """The inflated data would exceed the configured cap."""

    code = "zlib"


# --- CBOR / COSE / claims -------------------------------------------------------------


class CborError(HcertDecodeError):
    code = "cbor"


class CoseError(HcertDecodeError):
    """The COSE_Sign1 structure is malformed (wrong tag, shape, header types)."""

    code = "cose"


class UnsupportedAlgorithm(CoseError):
    """No alg in the protected header, or an alg other than ES256 / PS256."""


class ClaimsError(HcertDecodeError):
    code = "claims"


# --- signature ------------------------------------------------------------------------


class SignatureError(HcertError, VerificationError):
    """No candidate key verified the signature."""

    code = "signature"


class SigningError(HcertError):
    """The signer returned something unusable (wrong length, wrong algorithm)."""

    code = "signing"
    http_status = 500


# --- payload --------------------------------------------------------------------------


class PayloadError(HcertError, InputError):
    """The DCC payload is not acceptable; ``path`` is the JSON pointer of the bad field."""

    code = "payload"

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        problems: tuple[object, ...] = (),
        code: str | None = None,
    ) -> None:
        super().__init__(f"{path or '/'}: {message}", code=code)
        self.path = path or "/"
        self.problems = problems
        """Every problem found (``schema.Problem`` values), the first one being ``path``."""


class SchemaError(PayloadError):
    code = "schema"


class ValueSetError(PayloadError):
    code = "valueset"


class UvciError(HcertError, InputError):
    code = "uvci"


class TransliterationError(HcertError, InputError):
    code = "icao"
