"""Official PDF reports: frozen content (content.py), issued revisions (issue.py), rendering (pdf.py)."""
