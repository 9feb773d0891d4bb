"""HCERT byte formats (EU DCC / Digital Health Pass): pure functions, no keys, no DB."""
