"""The use cases every edge shares (issue a PDF or a DCC, revoke, bulk, enrol...)."""
