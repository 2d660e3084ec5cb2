"""Which jobs a user sees: their own; centre officers every job."""

from accounts.roles import is_centre
from jobs.models import Job


def jobs_visible_to(user):
    jobs = Job.objects.select_related("owner")
    if not user.is_authenticated:
        return jobs.none()
    return jobs if is_centre(user) else jobs.filter(owner=user)
