"""Byte formats shared by the issuer and the standalone verifier (no CA, no keys, no DB)."""
