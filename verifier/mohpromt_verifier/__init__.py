"""mohpromt-verifier: offline verification of MOPH Promt PDFs, HC1 QR codes and vouchers.

No database, no certificate authority, no private key: border staff install this
distribution alone (``pip install ./verifier``). ``mohpromt-ca`` depends on it.
"""

__version__ = "0.1.0"
