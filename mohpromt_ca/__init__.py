"""mohpromt-ca: certificate authority, issuance and offline verification for MOPH Promt."""

__version__ = "0.1.0"
