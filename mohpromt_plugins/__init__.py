"""The reference plugins (booking, records, rewards), built on the plugin SDK
(``mohpromt_ca.plugins``) only, as a third party would build one."""
