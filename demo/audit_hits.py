"""The problems planted in the demo rosters, each where a real roster would have it, so that every
audit rule has hits."""

import datetime
import math

from django.conf import settings

from demo.examiner_pool import ExaminerPool
from demo.quarter import Upload
from examiners.models.certification import Grade
from registry.identifiers import resident_id

CLUSTER_PAIR = (85, 90)


class AuditHits(ExaminerPool):
    def passers(self, upload: Upload, count: int, *, group: int = 0) -> list[dict]:
        rows = [r for r in upload.sessions[0].groups[group].rows if r["certificate_no"]]
        return rows[:count]

    def upload_of(self, role: str, which: int = 0) -> Upload:
        return self.role_uploads[role][which]

    def plant(self) -> None:
        """The problems: each where a real roster would have it."""
        # A serial counter restarted for the second batch: three numbers used again, and one typed
        # with a digit missing.
        first, second = self.upload_of("numbers"), self.upload_of("numbers", 1)
        for old, new in zip(self.passers(first, 3), self.passers(second, 3), strict=True):
            new["certificate_no"] = old["certificate_no"]
        typo = self.passers(second, 5)[4]
        typo["certificate_no"] = typo["certificate_no"][:16] + typo["certificate_no"][17:]
        # One certificate prefixed with another body's filing number (a copied template); two issue
        # dates typed before the exam.
        upload = self.upload_of("dates")
        wrong, *early = self.passers(upload, 3)
        other = next(r.body for r in self.roles.values() if r.body != upload.sessions[0].body)
        wrong["certificate_no"] = other.filing_no + wrong["certificate_no"][13:]
        for row in early:  # the day's tens digit mistyped (18 for 28): ten days before the real one
            row["issue_date"] -= datetime.timedelta(days=10)
        # A technical-school pupil a year under the minimum age (15) certified; another pupil's ID with
        # a wrong check digit.
        upload = self.upload_of("age")
        pupil = self.passers(upload, 1)[0]
        exam = pupil["exam_date"]
        years = settings.AUDIT_MIN_CANDIDATE_AGE - 1
        born = exam.replace(year=exam.year - years, day=min(exam.day, 28)) - datetime.timedelta(
            days=self.rng.randint(60, 200)
        )
        area = upload.sessions[0].body.district.code
        pupil["id_number"] = resident_id(self.rng.randint(0, 999), born=f"{born:%Y%m%d}", area=area)
        typo = next(r for r in upload.sessions[0].groups[0].rows[6:] if r is not pupil)
        check = typo["id_number"][-1]
        typo["id_number"] = typo["id_number"][:-1] + ("3" if check != "3" else "7")
        # Certificates for three candidates whose theory score failed.
        for row, short in zip(self.passers(self.upload_of("failing"), 3), (8, 12, 4), strict=True):
            row["theory"] = settings.RESULT_PASS_SCORE - short
        # A tenth more than the threshold share of one class with the same pair of scores.
        upload = self.upload_of("cluster")
        share = settings.AUDIT_SCORE_CLUSTER_SAME_PAIR_SHARE + 0.1
        for row in self.passers(upload, math.ceil(share * upload.sessions[0].groups[0].size)):
            row["theory"], row["skill"] = CLUSTER_PAIR
        # Someone certified at a peer this quarter, certified again at the outlier body.
        again = self.passers(self.upload_of("outlier"), 1)[0]
        before = self.passers(self.upload_of("peer"), 1)[0]
        again["name"], again["id_number"] = before["name"], before["id_number"]

    def staff_specials(self) -> None:
        """Examiners the rules must notice, named before the rows are written."""
        # An examiner of the ordinary grade in a level-2 room.
        session = self.upload_of("grade").sessions[0]
        group = min(session.groups, key=lambda g: g.level)  # its level-2 group
        self.staff(group, session.day)
        ordinary = next(
            c for c in self.pool if c.grade == Grade.EXAMINER and (c.pk, session.day) not in self.load
        )
        self.load[(ordinary.pk, session.day)] = group.size
        group.examiners[2] = ordinary
        # The suspended examiner, still used.
        if self.suspended is not None:
            session = self.upload_of("suspended_examiner").sessions[0]
            group = session.groups[0]
            self.staff(group, session.day)
            group.examiners[0] = self.suspended
