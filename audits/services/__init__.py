"""Writes to the audits app, one module per sub-domain; import from the module that owns the rule."""
