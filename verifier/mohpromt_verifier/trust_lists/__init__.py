"""Trust lists: what a verifier trusts, where it came from, and proof that it is genuine.

Knows nothing of the CA (no import of ``ca/``, ``issuer/`` or ``storage/``): exporting our
own lists is the CA handing its certificates and a signing callable to the format code
here. Modules, one job each:

``errors``       why a list was refused (stable codes)
``signing``      the ``ListSigner`` protocol (certificate + sign callable), anchor checks
``cms``          detached / attached CMS SignedData (asn1crypto) for gateway entries and batches
``two_line``     the national shape: base64 signature line over a JSON line (DER or raw r||s)
``dsc_lists``    DCC signer lists: EU gateway JSON and national shape; build, parse, verify
``revocation``   DCC revocation lists (EU scheme): hashes, batches, signed exchange forms
``anchors``      PDF trust anchors: PEM bundles
``tsl``          ETSI TS 119 612 trusted lists: read, write
``tsl_schema``   the TS 119 612 and XAdES XSDs (vendored in ``schemas/``), applied on import
``xades``        enveloped XAdES-B-B signatures: sign with a ListSigner, verify
``gdhcn``        WHO GDHCN DID trust lists: build, JsonWebSignature2020 proof, verify
``jsonld``       URDNA2015 canonicalisation with the JSON-LD contexts held offline (``contexts/``)
``cache``        the local cache the offline verifier reads: atomic snapshots, metadata,
                 expiry, the freshness rule and its own hash-chained log
``importer``     sniff a file or URL, verify it against a pinned anchor, store it
"""
