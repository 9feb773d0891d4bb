"""Which module holds each top-level command, so the root group imports only the one it runs.

`mohpromt-ca verify HC1:...` must not pay for the plugins, the templates, SQLAlchemy,
FastAPI or pyHanko (issue 16, cold start); `mohpromt-ca --help` lists the commands from the
summaries below without importing any of them (tests/cli/test_lazy_commands.py checks they
match each command's own help).
"""

from __future__ import annotations

# name -> (module under mohpromt_ca.cli, attribute, the command's short help)
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    'init': ("authority_commands", "init_command",
        'Create the Root CA, the Document Signing and DCC Country Signing CAs, OCSP and TSA keys, and a DSC '
        'for each DCC type (vaccination, test, recovery).'),
    'cert': ("authority_commands", "cert_group",
        'Certificates the CA issued.'),
    'revoke': ("authority_commands", "revoke_command",
        'Revoke the certificate with SERIAL (hex); removeFromCRL releases a hold.'),
    'audit': ("authority_commands", "audit_group",
        'The audit log: hash-chained entries, sealed in batches under signed, time-stamped checkpoints.'),
    'facility': ("registration_commands", "facility_group",
        "Hospitals, clinics and pharmacies: registration and the RA officer's decisions."),
    'signer': ("registration_commands", "signer_group",
        'Doctors, dentists, pharmacists and medical technologists who sign documents.'),
    'serve': ("pki_commands", "serve_command",
        'Serve the issuance service: the REST API (/api/v1), the PKI endpoints (/pki/ocsp, /pki/tsa, '
        '/pki/crl/{ca}.crl, /pki/certs/{ca}.crt), the trust lists, /healthz, /readyz and /metrics.'),
    'crl': ("pki_commands", "crl_command",
        "Write the CA's current CRL (rebuilt when stale or after a revocation)."),
    'dsc': ("dcc_commands", "dsc_group",
        'Document Signer Certificates (HCERT) from the DCC Country Signing CA.'),
    'dcc': ("dcc_commands", "dcc_group",
        'EU Digital COVID Certificates and the Digital Health Pass (HC1 QR codes).'),
    'verify': ("verify_commands", "verify_command",
        'Verify INPUT: a PDF, a PNG/JPEG holding a QR, an HC1: string, a summary QR string, or - for stdin.'),
    'verifier': ("verify_commands", "verifier_group",
        "The border staff's verifier app."),
    'bench': ("bench_command", "bench_command",
        'Measure the hot paths (e.g.'),
    'trust-list': ("trust_list_commands", "trust_list_group",
        "Trust lists: publish ours, import others' (verified against a pinned anchor), the local cache."),
    'ca': ("ca_commands", "ca_group",
        "The authority's own CAs and service keys."),
    'ceremony': ("ca_commands", "ceremony_command",
        'Run a reviewed key-ceremony SCRIPT (YAML): generate keys (file or PKCS#11), self-sign a root, issue '
        'intermediates, split the token PIN or passphrase m-of-n, export certificates; the transcript is '
        'signed by the key the script names.'),
    'sign': ("pdf_commands", "sign_command",
        'Sign a PDF, or render a certificate from a template and sign it (one, or a JSONL batch).'),
    'templates': ("pdf_commands", "templates_group",
        'Certificate types: their fields and sample data.'),
    'user': ("service_commands", "user_group",
        'Accounts for the issuance service (RA officers, facility administrators, signers).'),
    'apikey': ("service_commands", "apikey_group",
        "API keys for integrators, scoped to one facility or one signer; the rewards module's credential."),
    'plugins': ("plugins_commands", "plugins_group",
        'Plugins found through the entry-point group mohpromt_ca.plugins.'),
    'backup': ("backup_commands", "backup_group",
        'Write one encrypted archive of the authority: the register (SQLite backup API or pg_dump, one '
        'consistent snapshot, taken while the service keeps issuing), keys as stored, certificates, secrets, '
        'the trust-list cache, signed files and plugin data, with a manifest of SHA-256 hashes.'),
    'restore': ("backup_commands", "restore_command",
        'Restore ARCHIVE into a new data directory and register, then run `audit verify`.'),
    'worker': ("worker_commands", "worker_command",
        "Run bulk-job chunk tasks from the PostgreSQL register's queue (procrastinate) until SIGINT or "
        'SIGTERM (running chunks finish first).'),
    'bulk': ("worker_commands", "bulk_group",
        'Bulk jobs submitted over the API (POST /api/v1/bulk-jobs).'),
    'db': ("db_commands", "db_group",
        "The register's schema: `db upgrade` migrates it to this version's newest revision, `db status` "
        'compares it (exit 1 when it is behind).'),
}
