"""The HTTP face of the PKI services: OCSP, TSA, CRLs and CA certificates (FastAPI)."""

from mohpromt_ca.service.pki.app import create_pki_app

__all__ = ["create_pki_app"]
