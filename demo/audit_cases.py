"""Demo audit cases in every state, one from a complaint, through certificates.services.cases.

Case steps are backdated right after they run (their newest state-log line and dates), except
confirmations: they record integrity entries, which keep their real recording time (part of their
hash chain)."""

import datetime

from django.utils import timezone

from certificates.models import AuditCase, CaseStatus, Rule
from certificates.services import cases as case_service
from demo.quarter import Quarter

COMPLAINT = (
    "考生家属来电反映：该机构招生时承诺“包过”，另收取“保过费”1800元；实操考核当天考评员未到场，"
    "由培训老师代为评分，考生均按事先告知的分数通过。来电人留有缴费凭证和聊天记录截图。"
)
DECISIONS = {
    "confirm_fail": "经调取理论试卷和实操评分记录核实，3名考生理论知识考试成绩不合格，机构仍为其发放证书，"
    "属违规发证。撤销相关证书，记入机构和相关考评员诚信档案。",
    "confirm_age": "经核对户籍信息，该考生考核时未满16周岁，不符合申报条件；机构报名审核未核验年龄。"
    "撤销该证书，记入机构诚信档案。",
    "dismiss_overload": "经调取考场签到表和视频核实，当日考生分上午、下午两场实操考核，下午场另有3名考评员评分，"
    "机构上报时只填写了上午场考评员；每名考评员实际评分人数未超过规定。已要求机构更正上报数据。",
    "dismiss_dates": "经核对纸质证书存根和发证登记表，发证日期系录入时误填，实际发证日期在考核之后；"
    "机构已书面说明并更正上报数据。",
}


class AuditCases(Quarter):
    def case(self, role: str, rule: str) -> AuditCase:
        return AuditCase.objects.get(body=self.roles[role].body, rule=rule, status=CaseStatus.OPENED)

    def investigate(self, case: AuditCase, days_after: int) -> datetime.datetime:
        case_service.investigate(case=case, user=self.centre1)
        opened = timezone.localtime(case.opened_at).date()
        moment = self.at(min(opened + datetime.timedelta(days=days_after), self.today), 9, 40)
        moment = max(moment, case.opened_at + datetime.timedelta(hours=1))
        self.stamp(case, moment, status_since=moment)
        return moment

    def decide(self) -> None:
        # Confirmed: certificates revoked and integrity entries, decided today.
        for role, rule, reason in (
            ("failing", Rule.SCORE_FAIL_CERTIFIED, DECISIONS["confirm_fail"]),
            ("age", Rule.UNDER_AGE, DECISIONS["confirm_age"]),
        ):
            case = self.case(role, rule)
            self.investigate(case, 2)
            case_service.confirm_case(case=case, user=self.centre2, reason=reason)
        # Dismissed after an investigation, a few days ago.
        for role, rule, reason in (
            ("overload", Rule.EXAMINER_OVERLOAD, DECISIONS["dismiss_overload"]),
            ("dates", Rule.DATE_ORDER, DECISIONS["dismiss_dates"]),
        ):
            case = self.case(role, rule)
            started = self.investigate(case, 1)
            case_service.dismiss_case(case=case, user=self.centre2, reason=reason)
            decided = min(
                started + datetime.timedelta(days=self.rng.randint(2, 5)),
                self.now - datetime.timedelta(minutes=2),
            )
            self.stamp(case, decided, status_since=decided, decided_at=decided)
        # Under investigation: the statistical patterns, the inactive body and a complaint.
        for role, rule in (
            ("outlier", Rule.PASS_RATE_OUTLIER),
            ("cluster", Rule.SCORE_CLUSTER),
            ("inactive", Rule.BODY_NOT_ACTIVE),
        ):
            self.investigate(self.case(role, rule), self.rng.randint(1, 3))
        complaint = case_service.open_complaint(
            user=self.centre1, body=self.roles["outlier"].body, text=COMPLAINT
        )
        opened = self.at(self.day(-6), 11, 20)
        AuditCase.objects.filter(pk=complaint.pk).update(opened_at=opened, status_since=opened)
        complaint.refresh_from_db()
        self.investigate(complaint, 1)
