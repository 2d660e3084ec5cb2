"""Who may run which certificate and audit-case transition (django-fsm `permission=` callables)."""

from accounts.roles import is_centre


def centre_officer(instance, user) -> bool:
    """Certificates are revoked and audit cases decided by the centre (谁评价谁发证谁负责: the centre audits)."""
    return is_centre(user)
