"""The operating authority: the CA core (``ca``) and the register (``storage``) together.

``context.Authority`` opens keys and the register; issuance follows Boulder (serial stored
first, a to-be-signed copy linted, then signed and stored); hierarchy, service keys, DSCs,
revocation and the lists the CA publishes live beside it. Registration policy
(``registration``) and document issuance (``issuer``) sit above this package.
"""
