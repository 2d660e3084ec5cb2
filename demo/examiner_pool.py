"""The examiners named on the demo rosters. They must have been certified before the exams, and the
examiners demo certifies everyone in the last weeks: the pool used here is moved to an earlier round
(dates, history lines, and the number when the year changes), as demo.supervisors does for its
supervisors; one suspended examiner's suspension is dated inside the period, before a body still used
them."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django_fsm_log.models import StateLog

from demo.history import backdate_logs
from demo.quarter import Group, Quarter
from examiners.models import Certification, CertificationStatus, Person, Role
from examiners.models.certification import Grade, add_years
from registry.models import Counter


class ExaminerPool(Quarter):
    def backdate_certification(self, certification: Certification, certified: datetime.date) -> None:
        """Move a certification made in the last weeks to `certified` (exam and certificate that day,
        accepted into training six weeks before, recommended two weeks before that)."""
        accepted = certified - datetime.timedelta(days=42)
        recommended = self.at(accepted - datetime.timedelta(days=14), 9, 30)
        moments = {
            "accept": self.at(accepted, 10),
            "record_exam": self.at(certified, 16),
            "certify": self.at(certified, 17),
        }
        for transition, moment in moments.items():
            backdate_logs(StateLog.objects.for_(certification).filter(transition=transition), moment)
        number = certification.certificate_no
        if number[4:8] != str(certified.year):
            # Renumbered in the series of the year now certified, reserved from that year's counter
            # (KP50 + year + serial, as examiners.services numbers them).
            serial = Counter.next_block(f"certificate-{certification.role}-{certified.year}", 1)
            number = f"{number[:4]}{certified.year}{serial:05d}"
        Certification.objects.filter(pk=certification.pk).update(
            certificate_no=number,
            exam_date=certified,
            valid_from=certified,
            valid_to=add_years(certified, 3) - datetime.timedelta(days=1),
            recommended_at=recommended,
            status_since=moments["certify"],
        )
        Person.objects.filter(pk=certification.person_id).update(created_at=recommended)

    def earlier_round(self) -> datetime.date:
        """A certification day of an earlier round: ten to two hundred days before the period."""
        return self.first - datetime.timedelta(days=self.rng.randint(10, 200))

    def examiners(self) -> None:
        """The pool: certified examiners with nothing but their certification in their history, moved
        to an earlier round; and one suspended examiner, suspended in the middle of the period."""
        examiners = Certification.objects.filter(role=Role.EXAMINER).exclude(certificate_no=None)
        logs = dict(
            StateLog.objects.filter(
                content_type=ContentType.objects.get_for_model(Certification),
                object_id__in=examiners.values("pk"),
            )
            .values("object_id")
            .annotate(n=Count("pk"))
            .values_list("object_id", "n")
        )
        certified = examiners.filter(
            status=CertificationStatus.CERTIFIED, suspended_for_integrity=False
        ).prefetch_related("occupations")
        self.pool: list[Certification] = []
        for certification in certified.order_by("pk"):
            if logs.get(certification.pk) != 3:
                continue
            self.backdate_certification(certification, self.earlier_round())
            certification.refresh_from_db()
            self.pool.append(certification)
            if len(self.pool) == 60:
                break
        self.qualified = {c.pk: {o.pk for o in c.occupations.all()} for c in self.pool}
        # Suspended after a supervision visit seven to ten weeks ago (the examiners demo suspends "now").
        self.suspended = None
        for certification in examiners.filter(
            status=CertificationStatus.SUSPENDED, suspended_for_integrity=False
        ).order_by("pk"):
            if logs.get(certification.pk) != 4:
                continue
            self.backdate_certification(certification, self.earlier_round())
            moment = self.at(self.day(-self.rng.randint(50, 70)), 15)
            self.stamp(certification, moment, status_since=moment)
            certification.refresh_from_db()
            self.suspended, self.suspended_on = certification, timezone.localtime(moment).date()
            break

    def staff(self, group: Group, day: datetime.date) -> None:
        """Three examiners free that day (one group a day each), of a grade that may assess the level,
        qualified for the occupation where possible."""
        seniors_only = group.level <= 2
        free = [
            c
            for c in self.pool
            if (c.grade == Grade.SENIOR_EXAMINER or not seniors_only) and (c.pk, day) not in self.load
        ]
        self.rng.shuffle(free)
        free.sort(key=lambda c: group.occupation.pk not in self.qualified[c.pk])
        group.examiners = free[:3]
        for certification in group.examiners:
            self.load[(certification.pk, day)] = group.size
