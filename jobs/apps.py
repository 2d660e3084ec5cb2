from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from jobs import hooks

        hooks.on_finished(tell_the_owner)


def tell_the_owner(job) -> None:
    """A finished job, done or failed, is announced in its owner's inbox (and by e-mail if they wish)."""
    from jobs.kinds import label_of
    from notifications.services import notify_job_finished

    notify_job_finished(
        owner=job.owner, title=str(label_of(job.kind)), link=job.get_absolute_url(), ok=job.status == "done"
    )
