"""Background jobs in every state (queued, running, done, failed), built through the jobs' services: a
registry export and a full audit run to done, a refused roster (one bad occupation code) failed with its
problems, a roster waiting in the queue and one being stored. The running one has just reported; once
JOBS_STALE_AFTER passes without a worker, the stale check marks it failed, as it would a dead worker's."""

from django.contrib.auth.models import User

from common.transitions import perform
from jobs import services
from jobs.models import Job

BAD_ROSTER = (
    "证书编号,姓名,证件号码,职业编码,等级,理论成绩,技能成绩,考核日期,发证日期,考评员,评价机构代码\n"
    ",演示考生,500103199001010018,9-99-99-99,四级,40,50,2026-01-05,,KP0000000001,S000050000001\n"
).encode()


def _job(kind: str, owner: User, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, owner=owner, params=params or {})


def build_jobs_demo() -> dict[str, int]:
    centre = User.objects.get(username="centre1")
    body_admin = User.objects.get(username="org01")
    for kind in ("registry_export", "full_audit"):
        services.run(job_id=_job(kind, centre, {"mask_ids": True} if kind == "registry_export" else {}).pk)
    refused = _job(
        "roster_import",
        body_admin,
        {"input": services.keep_input(BAD_ROSTER, "结果-错误.csv"), "filename": "结果-错误.csv"},
    )
    services.run(job_id=refused.pk)
    waiting = _job("report_bundle", centre, {"kind": "inspection"})
    running = _job("registry_export", centre)
    perform(running, "start", by=None, check_permission=False)
    services.Progress(running).phase("reading")
    assert waiting.status == "queued"
    return {"jobs": Job.objects.count()}
