"""The register: SQLAlchemy models, sessions and migrations (SQLite default, PostgreSQL)."""
