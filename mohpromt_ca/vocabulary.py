"""The register's fixed vocabularies (ground floor: cheap to import, used by the CLI's choices)."""

FACILITY_TYPES = (
    "public-hospital",
    "private-hospital",
    "medical-clinic",
    "dental-clinic",
    "medtech-clinic",
    "pharmacy",
)
FACILITY_STATUSES = ("pending", "approved", "rejected", "suspended")
PROFESSIONS = ("physician", "dentist", "pharmacist", "medical-technologist")
CERTIFICATE_STATUSES = ("reserved", "issued", "revoked", "failed")
