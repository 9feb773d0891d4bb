"""The standalone verifier: PDFs and QR codes against local trust lists, offline.

Imports only the byte formats and ``trust_lists``: never ``ca``, ``issuer`` or
``storage`` (border staff run it without the CA, its database or any key).
"""
