"""The scheduler's tick (django-crontask: `manage.py crontask` enqueues it every ten minutes; the worker
runs it). Everything else about timing is in services.run_due."""

from crontask import cron
from django.tasks import task

from schedule import services


@cron("*/10 * * * *")
@task
def tick() -> int:
    """Run the daily tasks that are due; the number run."""
    return len(services.run_due())
