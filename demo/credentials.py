"""Demo credential audit (domain.md §3.7, §4): result rosters reported by the bodies over the past months
and one imported by the centre for several bodies, audited on import, with the problems a real quarter
brings up, so that every audit rule has hits; and audit cases in every state, one from a complaint.

Built in parts, one module per sub-domain, on one builder object (so that all draw on one random
sequence): demo.examiner_pool, demo.exam_plan, demo.audit_hits, demo.rosters and demo.audit_cases, on
the dates and backdating of demo.quarter. The services stamp "now"; each part says how it gives the
history realistic dates.
"""

from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result, Roster
from demo.audit_cases import AuditCases
from demo.exam_plan import ExamPlan
from demo.rosters import Rosters


class _Builder(ExamPlan, Rosters, AuditCases):
    def build(self) -> dict:
        self.examiners()
        self.plan()
        self.staff_specials()
        self.send()
        self.decide()
        return {
            "rosters": Roster.objects.count(),
            "results": Result.objects.count(),
            "hits": Hit.objects.count(),
            "cases": AuditCase.objects.count(),
            "revoked": Result.objects.filter(status=CertificateStatus.REVOKED).count(),
            "open_cases": AuditCase.objects.filter(
                status__in=[CaseStatus.OPENED, CaseStatus.INVESTIGATING]
            ).count(),
        }


def build_credentials_demo(seed: int = 2022) -> dict:
    """Build the credential-audit demo on top of the registry, examiners, integrity and audits demos."""
    return _Builder(seed).build()
