"""The HTTP face of the PKI services: OCSP, TSA, CRLs and CA certificates (FastAPI)."""

from .app import create_pki_app

__all__ = ["create_pki_app"]
