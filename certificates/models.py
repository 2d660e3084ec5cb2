"""Reported results and the certificates they carry, audit hits and audit cases (domain.md §3.7, §4).

Sized for 10^7 result rows: one row per candidate per exam, written in bulk by the roster import,
read in bulk (pandas) by the audit rules; narrow indexes for the lookups pages and rules make.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from certificates import permissions as perm
from common.transitions import logged_transition
from registry.models import AssessmentBody, Level, Occupation


class Roster(models.Model):
    """One imported file of results (考核结果); its rows are Results."""

    original_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    body = models.ForeignKey(
        AssessmentBody,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rosters",
        help_text=_("Set when every row is of one body (a body's own upload always is)."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_late = models.PositiveIntegerField(
        _("rows reported late"), default=0, help_text=_("Reported after the deadline for their exam date.")
    )
    hits = models.PositiveIntegerField(_("audit hits"), default=0)
    audited_at = models.DateTimeField(_("audited"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("result roster")
        verbose_name_plural = _("result rosters")

    def __str__(self) -> str:
        return f"{self.original_name} · {self.uploaded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("certificates:roster_detail", args=[self.pk])


class CertificateStatus(models.TextChoices):
    NOT_ISSUED = "not_issued", _("No certificate (not passed)")
    ISSUED = "issued", pgettext_lazy("certificate", "Valid")
    REVOKED = "revoked", pgettext_lazy("certificate", "Revoked")


class EvaluationType(models.TextChoices):
    """The plan counts evaluations by type: 职业资格 and 等级认定 (200,000) against 专项 (100,000)."""

    QUALIFICATION = "qualification", _("Vocational qualification")
    LEVEL = "level", _("Skill-level recognition")
    SPECIAL = "special", _("Special vocational ability")


class Result(ConcurrentTransitionMixin, models.Model):
    """One candidate's result in one exam; a passer's row is also their certificate."""

    # No database-level foreign key constraints on the three references (db_constraint=False): the
    # database would check each one row by row — 900,000 look-ups, a third of a 300,000-row import on
    # PostgreSQL. The import resolves every body and occupation code against the registry and creates
    # the roster in the same transaction before a row is written, and the referenced rows are never
    # deleted (PROTECT, enforced by Django), so the constraint would only repeat those checks.
    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="results", db_constraint=False)
    line = models.PositiveIntegerField(_("row in the file"))
    # No single-column indexes on these two: the composite indexes below start with them, and every
    # index costs the bulk load of 300,000-row rosters.
    body = models.ForeignKey(
        AssessmentBody, on_delete=models.PROTECT, related_name="results", db_index=False, db_constraint=False
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    level = models.SmallIntegerField(_("level"), choices=Level.choices)
    # db_default: a roster without the 评价类型 column is 等级认定, and the bulk COPY may leave it out.
    evaluation_type = models.CharField(
        _("evaluation type"),
        max_length=14,
        choices=EvaluationType.choices,
        default=EvaluationType.LEVEL,
        db_default=EvaluationType.LEVEL,
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    id_number = models.CharField(_("resident ID number"), max_length=18)
    theory_score = models.FloatField(_("theory score"))
    skill_score = models.FloatField(_("skill score"))
    review_score = models.FloatField(_("comprehensive review score"), null=True, blank=True)
    exam_date = models.DateField(_("exam date"))
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=22, blank=True)
    # Examiners' certification numbers, ";"-separated: rules explode this column in pandas.
    examiner_nos = models.CharField(_("examiners"), max_length=300)
    # sha1 of body|id|occupation|level|exam date: the same result reported twice is stored once.
    row_key = models.CharField(max_length=40)
    status = FSMField(
        _("certificate status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ISSUED,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = pgettext_lazy("assessment", "result")
        verbose_name_plural = _("results")
        # A constraint rather than unique=True: PostgreSQL then keeps one index, not a second for LIKE.
        constraints = [models.UniqueConstraint(fields=["row_key"], name="one_result_per_row_key")]
        indexes = [
            models.Index(fields=["certificate_no"]),
            models.Index(fields=["id_number"]),
            models.Index(fields=["body", "exam_date"]),
            models.Index(fields=["occupation", "level", "exam_date"]),
            models.Index(fields=["exam_date"]),  # the overload rule reads every row of the roster's days
        ]

    def __str__(self) -> str:
        return self.certificate_no or f"{self.name} {self.exam_date}"

    @property
    def passed(self) -> bool:
        return bool(self.certificate_no)

    @logged_transition()
    @transition(
        field=status,
        source=CertificateStatus.ISSUED,
        target=CertificateStatus.REVOKED,
        permission=perm.centre_officer,
        custom={"label": _("Revoke the certificate"), "reason_required": True, "dangerous": True},
    )
    def revoke(self, *, by=None, description=None, public_reason: str | None = None):
        """撤销: the certificate stops being valid; verification says so, with the date and the reason.

        `public_reason` is what /verify/ shows when the logged reason carries internal references (an
        audit case's number, which only officers and the body can open); by default the logged reason.
        """
        self.revoked_at = timezone.now()
        shown = description if public_reason is None else public_reason
        self.revoked_reason = (shown or "")[:300]


class Rule(models.TextChoices):
    ID_INVALID = (
        "ID_INVALID",
        _("Resident ID malformed, or its area code not in use in the holder's lifetime"),
    )
    UNDER_AGE = "UNDER_AGE", _("Candidate under the minimum age on the exam date")
    CERT_NO_FORMAT = "CERT_NO_FORMAT", _("Certificate number malformed or not matching the row")
    CERT_NO_DUPLICATE = "CERT_NO_DUPLICATE", _("Certificate number already used")
    PERSON_DUPLICATE = "PERSON_DUPLICATE", _("Person already certified for this occupation and level")
    OUT_OF_SCOPE = "OUT_OF_SCOPE", _("Occupation or level outside the body's filed scope")
    BODY_NOT_ACTIVE = "BODY_NOT_ACTIVE", _("Body not active on the exam date")
    EXAMINER_NOT_QUALIFIED = "EXAMINER_NOT_QUALIFIED", _("Examiner not qualified on the exam date")
    EXAMINER_OVERLOAD = "EXAMINER_OVERLOAD", _("Examiner assessed too many candidates in one day")
    SCORE_FAIL_CERTIFIED = "SCORE_FAIL_CERTIFIED", _("Certificate issued with a failing score")
    DATE_ORDER = "DATE_ORDER", _("Dates out of order or in the future")
    PASS_RATE_OUTLIER = "PASS_RATE_OUTLIER", _("Pass rate far above the body's peers")
    SCORE_CLUSTER = "SCORE_CLUSTER", _("Suspicious score patterns")


class Hit(models.Model):
    """One rule's finding: about a result row, or (statistical rules) about a body's group of rows."""

    rule = models.CharField(_("rule"), max_length=24, choices=Rule.choices)
    body = models.ForeignKey(AssessmentBody, on_delete=models.PROTECT, related_name="audit_hits")
    result = models.ForeignKey(Result, on_delete=models.CASCADE, null=True, blank=True, related_name="hits")
    # What makes the hit unique within its rule and body: the result id, or e.g. "6-18-01-01|4|2026Q1".
    key = models.CharField(max_length=80)
    detail = models.CharField(_("detail"), max_length=300)
    found_at = models.DateTimeField(auto_now_add=True)
    case = models.ForeignKey(
        "certificates.AuditCase", on_delete=models.SET_NULL, null=True, blank=True, related_name="hits"
    )

    class Meta:
        ordering = ["rule", "pk"]
        verbose_name = _("audit hit")
        verbose_name_plural = _("audit hits")
        constraints = [
            models.UniqueConstraint(fields=["rule", "body", "key"], name="one_hit_per_rule_and_key")
        ]
        indexes = [models.Index(fields=["rule", "body"]), models.Index(fields=["case"])]

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("Opened")
    INVESTIGATING = "investigating", _("Under investigation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", pgettext_lazy("audit case", "Dismissed")


OPEN_CASE_STATUSES = [CaseStatus.OPENED, CaseStatus.INVESTIGATING]


class AuditCase(ConcurrentTransitionMixin, models.Model):
    """The hits of one rule at one body (or a complaint), investigated and decided by the centre."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="audit_cases"
    )
    rule = models.CharField(_("rule"), max_length=24, choices=Rule.choices, blank=True)
    complaint = models.TextField(_("complaint"), blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = FSMField(_("status"), max_length=14, choices=CaseStatus.choices, default=CaseStatus.OPENED)
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    revoked_count = models.PositiveIntegerField(_("certificates revoked"), default=0)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("audit case")
        verbose_name_plural = _("audit cases")
        indexes = [models.Index(fields=["status", "body"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.body}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("certificates:case_detail", args=[self.pk])

    def _decide(self, by, description) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision = description or ""
        self.status_since = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=CaseStatus.OPENED,
        target=CaseStatus.INVESTIGATING,
        permission=perm.centre_officer,
        custom={"label": _("Start the investigation"), "reason_required": False, "dangerous": False},
    )
    def investigate(self, *, by=None, description=None):
        self.status_since = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=CaseStatus.INVESTIGATING,
        target=CaseStatus.CONFIRMED,
        permission=perm.centre_officer,
        custom={"label": _("Confirm the case"), "reason_required": True, "dangerous": True},
    )
    def confirm(self, *, by=None, description=None):
        """The hits are real: the service revokes the certificates concerned and records integrity entries."""
        self._decide(by, description)

    @logged_transition()
    @transition(
        field=status,
        source=[CaseStatus.OPENED, CaseStatus.INVESTIGATING],
        target=CaseStatus.DISMISSED,
        permission=perm.centre_officer,
        custom={"label": _("Dismiss the case"), "reason_required": True, "dangerous": False},
    )
    def dismiss(self, *, by=None, description=None):
        self._decide(by, description)
