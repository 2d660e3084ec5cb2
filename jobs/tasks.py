"""The one task the tasks framework runs: a Job, by id. What it does is the job's kind (jobs.kinds)."""

from django.tasks import task


@task()
def run_job(job_id: int) -> str:
    from jobs.services import run

    return run(job_id=job_id)
