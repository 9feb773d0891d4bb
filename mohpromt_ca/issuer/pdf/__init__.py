"""Medical certificates as PAdES-signed PDFs. One job per module:

``levels``       B-B / B-T / B-LT (default, "level 3") / B-LTA
``cms_signer``   pyHanko ``Signer`` over our ``KeyHandle`` (file or PKCS#11 keys alike)
``timestamping`` the CA's TSA in-process, or a remote RFC 3161 URL (``MOHPROMT_TSA_URL``)
``revocation``   OCSP responses and CRLs for the DSS, in-process or fetched over HTTP
``appearance``   the visible signature in Thai and English (Sarabun, shaped by HarfBuzz)
``signing``      ``PdfSigningService``: sign any PDF at a level, certify, countersign
``summary``      the verification QR's signed summary (format in ``formats/summary``)
``register``     the register's record and the ``pdf.issue`` audit entry
``service``      ``PdfIssuer``: validate -> QR -> render -> sign -> record
``bulk``         JSONL in, PDFs out: worker processes, progress, exactly-once resume

Importing this package is cheap; pyHanko loads with ``signing``/``service``.
"""

from mohpromt_ca.issuer.pdf.levels import DEFAULT_LEVEL, LEVELS, PadesLevel

__all__ = ["DEFAULT_LEVEL", "LEVELS", "PadesLevel"]
