"""Demo integrity records: entries of every kind on bodies and people, objections and credit repairs in
every state, and their consequences (a body in rectification and an examiner suspended by their score)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from examiners.models import Certification
from integrity import services
from registry.models import AssessmentBody


def _person_subject(certification: Certification) -> dict:
    person = certification.person
    return {
        "subject_type": certification.role,
        "subject_id": person.pk,
        "subject_name": person.name,
        "subject_code": person.id_number,
    }


def _body_subject(body: AssessmentBody) -> dict:
    return {
        "subject_type": "body",
        "subject_id": body.pk,
        "subject_name": body.name,
        "subject_code": body.credit_code,
    }


def build_integrity_demo() -> dict:
    centre = User.objects.get(username="centre1")
    centre2 = User.objects.get(username="centre2")
    today = timezone.localdate()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    examiners = list(Certification.objects.filter(role="examiner", status="certified").order_by("pk"))
    supervisor = Certification.objects.filter(role="supervisor", status="certified").order_by("pk").first()
    bodies = list(AssessmentBody.objects.filter(status="active").order_by("pk"))

    def record(subject: dict, kind: str, description: str, days_ago: int, basis: str = "inspection"):
        return services.record_and_apply(
            **subject,
            kind=kind,
            basis=basis,
            description=description,
            occurred_on=ago(days_ago),
            recorded_by=centre,
        )

    # People: every kind, a blacklisted examiner, one suspended by a low score.
    record(_person_subject(examiners[0]), "commendation", "督导检查中评分规范、记录完整，予以表扬。", 40)
    record(_person_subject(examiners[1]), "minor", "考评记录签字不全。", 20)
    record(
        _person_subject(examiners[2]), "serious", "为本单位考生违规打分，经查属实。", 30, basis="audit_case"
    )
    for days, text in ((60, "未按规定回避。"), (45, "考评记录与视频不符。"), (10, "迟到导致考核延误。")):
        record(_person_subject(examiners[3]), "general", text, days)
    record(_person_subject(supervisor), "minor", "督导报告提交逾期。", 15, basis="complaint")

    # Objections: one waiting, one overturned, one upheld.
    waiting = record(_person_subject(examiners[4]), "minor", "未携带考评员证。", 3, basis="complaint")
    services.file_objection(entry=waiting, user=centre, grounds="当日已出示电子证书，有现场照片为证。")
    overturned = record(_person_subject(examiners[5]), "general", "考场内使用手机。", 5, basis="complaint")
    objection = services.file_objection(
        entry=overturned, user=centre, grounds="使用手机系按规定上报考务异常。"
    )
    services.decide_objection(
        objection=objection, user=centre2, outcome="overturn", reason="经核查，反映情况不实。"
    )
    upheld = record(_person_subject(examiners[6]), "minor", "评分表涂改未签字。", 4)
    objection = services.file_objection(entry=upheld, user=centre, grounds="涂改处为笔误。")
    services.decide_objection(
        objection=objection, user=centre2, outcome="uphold", reason="涂改处未按规定签字确认。"
    )

    # Credit repair: one waiting, one granted, one refused.
    for index, outcome in ((7, None), (8, "grant"), (9, "refuse")):
        entry = record(_person_subject(examiners[index]), "minor", "考评着装不规范。", 50 + index)
        repair = services.apply_for_repair(entry=entry, user=centre, pledge="本人承诺今后严格遵守考评纪律。")
        if outcome:
            services.decide_repair(
                repair=repair,
                user=centre2,
                outcome=outcome,
                reason="" if outcome == "grant" else "承诺书未说明整改措施。",
            )

    # Bodies: one pushed into rectification by its score, one commended, one objecting.
    for days, text in ((80, "考务档案不完整。"), (50, "视频监控存在盲区。"), (20, "证书发放台账缺失。")):
        record(_body_subject(bodies[-1]), "general", text, days)
    record(_body_subject(bodies[-2]), "commendation", "年度评估优秀。", 90, basis="manual")
    entry = record(_body_subject(bodies[-3]), "minor", "考核结果公示不足5个工作日。", 6)
    admin = bodies[-3].applications.order_by("pk").first().applicant
    services.file_objection(
        entry=entry, user=admin, grounds="公示期计算包含法定节假日调休工作日，已满5个工作日。"
    )
    # Decisions their own people hear of (the examiners above have no accounts): a body's objection
    # upheld and another body's repair refused (neither lifts an entry).
    entry = record(_body_subject(bodies[-4]), "minor", "考务人员未佩戴工作证。", 8)
    objection = services.file_objection(
        entry=entry,
        user=bodies[-4].applications.order_by("pk").first().applicant,
        grounds="已佩戴，照片角度问题。",
    )
    services.decide_objection(
        objection=objection, user=centre2, outcome="uphold", reason="现场照片显示未佩戴。"
    )
    entry = record(_body_subject(bodies[-5]), "minor", "考核结果公示信息不全。", 12)
    repair = services.apply_for_repair(
        entry=entry,
        user=bodies[-5].applications.order_by("pk").first().applicant,
        pledge="今后严格按规定完整公示考核结果。",
    )
    services.decide_repair(repair=repair, user=centre2, outcome="refuse", reason="处分期内又有逾期提交。")
    # Managers of a body, one of them with a general breach on their own record.
    from registry.identifiers import resident_id
    from registry.services import add_manager

    owner = bodies[0].applications.order_by("pk").first().applicant
    director = add_manager(
        body=bodies[0], user=owner, name="周建国", id_number=resident_id(501), position="考务主任"
    )
    add_manager(body=bodies[0], user=owner, name="吴丽", id_number=resident_id(502), position="质量负责人")
    record(
        {
            "subject_type": "manager",
            "subject_id": director.pk,
            "subject_name": director.name,
            "subject_code": director.id_number,
        },
        "general",
        "未按规定组织考评人员回避。",
        25,
    )
    return {"entries": services.Entry.objects.count()}
