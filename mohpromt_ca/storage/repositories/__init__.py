"""Repository functions: the only code outside ``storage`` reaches the register through these.

One module per aggregate (certificates, facilities and signers, documents, accounts, ...);
each function takes an open SQLAlchemy ``Session`` from ``Register.transaction()`` or
``Register.reading()`` so a use case can compose several calls in one transaction.
"""
