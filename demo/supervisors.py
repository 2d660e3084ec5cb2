"""Demo quality supervisors who sign in: two certified in earlier rounds (they did last months'
inspections) and two recent ones of the examiners demo, each with an account."""

import datetime

from django.contrib.auth.models import User
from django_fsm_log.models import StateLog

from accounts.roles import Role as AccountRole
from accounts.services import create_user
from demo.history import backdate_logs
from demo.names import person_name
from demo.supervision import SupervisionDemo
from examiners import services as examiners
from examiners.models import Certification, CertificationStatus, Person, Relation, Role
from registry.identifiers import resident_id
from registry.models import AssessmentBody, BodyStatus

SUPERVISOR_ACCOUNTS = ["supervisor1", "supervisor2", "supervisor3", "supervisor4"]


class Supervisors(SupervisionDemo):
    def certify_supervisor(
        self, name: str, id_number: str, exam_day: datetime.date, employer: str
    ) -> Certification:
        """A supervisor of an earlier round: recommended, trained and certified through the services, then
        dated to when that happened."""
        body = AssessmentBody.objects.filter(status=BodyStatus.ACTIVE, kind="college").order_by("pk").first()
        certification = examiners.recommend(
            user=self.admin(body),
            body=body,
            name=name,
            id_number=id_number,
            role=Role.SUPERVISOR,
            track="offline",
            phone=f"1{self.rng.randint(3000000000, 9999999999)}",
            employer=employer,
            employed_by_body=False,
        )
        examiners.act_on_certification(certification=certification, user=self.centre1, action="accept")
        examiners.record_result(
            certification=certification,
            user=self.centre1,
            training_hours=32,
            exam_score=self.rng.randint(80, 95),
            exam_date=exam_day,
        )
        recommended = self.at(exam_day - datetime.timedelta(days=75), 9, 30)
        Person.objects.filter(pk=certification.person_id).update(created_at=recommended)
        for transition, days, hour in (("accept", 60, 10), ("record_exam", 0, 16), ("certify", 0, 17)):
            backdate_logs(
                StateLog.objects.for_(certification).filter(transition=transition),
                self.at(exam_day - datetime.timedelta(days=days), hour),
            )
        self.stamp(certification, recommended_at=recommended, status_since=self.at(exam_day, 17))
        return certification

    def supervisors(self) -> list[Certification]:
        """刘洋 (supervisor1) and three colleagues, each certified and signing in with their own account.
        刘洋 and supervisor2 were certified in an earlier round (they did last months' inspections);
        supervisor3 and supervisor4 are recent supervisors of the examiners demo."""
        first = self.day(-600)
        liu = Certification.objects.filter(
            role=Role.SUPERVISOR,
            status=CertificationStatus.CERTIFIED,
            person__name="刘洋",
            valid_from__lte=first,
        ).first() or self.certify_supervisor(
            "刘洋", resident_id(701, born="19830416"), first, "重庆电子工程职业学院"
        )
        second = self.certify_supervisor(
            person_name(self.rng), resident_id(702, born="19850923"), self.day(-480), "重庆市职业技能鉴定协会"
        )
        related = Relation.objects.values_list("person_id", flat=True)
        recent = list(
            Certification.objects.filter(
                role=Role.SUPERVISOR,
                status=CertificationStatus.CERTIFIED,
                person__employer_body__isnull=True,
                person__account__isnull=True,
                valid_from__lte=self.day(-10),
            )
            .exclude(person_id__in=related)
            .exclude(pk__in=[liu.pk, second.pk])
            .select_related("person")
            .order_by("valid_from", "pk")[:2]
        )
        chosen = [liu, second, *recent]
        password = User.objects.get(username="centre1").password  # the demo password, hashed once already
        for username, certification in zip(SUPERVISOR_ACCOUNTS, chosen, strict=True):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_user(
                    username=username,
                    password=None,
                    roles=[AccountRole.SUPERVISOR],
                    display_name=f"{certification.person.name}（质量督导员）",
                )
                User.objects.filter(pk=user.pk).update(password=password)
            Person.objects.filter(pk=certification.person_id).update(account=user)
            self.users[username] = user
        return [Certification.objects.select_related("person").get(pk=c.pk) for c in chosen]
