"""Every core table of the register, on one metadata (``Base.metadata``).

One module per concern; ``mohpromt_ca.storage.models`` re-exports the classes. Plugins'
tables are not here: they live in their own namespaces (``plugin_<name>_*``).
"""
