"""Pages of the audits app, one module per sub-domain; urls.py names them all."""

from audits.views.reports import report_verify, report_verify_lookup

__all__ = ["report_verify", "report_verify_lookup"]
