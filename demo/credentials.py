"""Demo credential audit (domain.md §3.7, §4): result rosters reported by the bodies over the past months
and one imported by the centre for several bodies, audited on import, with the problems a real quarter
brings up, so that every audit rule has hits; and audit cases in every state, one from a complaint.

Rosters are written as real files (CSV, one XLSX, Chinese headers, levels and separators as bodies type
them) and go through certificates.services.rosters.import_roster; cases go through certificates.services.cases.
The services stamp "now"; to give the history realistic dates:
- each roster is backdated right after its import with queryset .update(): its upload and audit time,
  the hits that audit found and the cases it opened; its late-row count is recounted for its upload day
  with the importer's own `rows_late` (on import it counts against today, when every past exam is late);
- case steps are backdated the same way (their newest state-log line and dates), except confirmations:
  they record integrity entries, which keep their real recording time (part of their hash chain);
- the examiners named on the rosters must have been certified before the exams, and the examiners demo
  certifies everyone in the last weeks: the pool used here is moved to an earlier round (dates, history
  lines, and the number when the year changes), as demo.audits does for its supervisors; one suspended
  examiner's suspension is dated inside the period, before a body still used them.
"""

import csv
import datetime
import io
import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django_fsm_log.models import StateLog
from openpyxl import Workbook

from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result, Roster, Rule
from certificates.services import cases as case_service
from certificates.services.rosters import import_roster, rows_late
from demo.names import person_name
from examiners.models import Certification, CertificationStatus, Person, Role
from examiners.models.certification import Grade, add_years
from registry.identifiers import resident_id
from registry.models import AssessmentBody, BodyStatus, Counter, Occupation, ScopeLine
from registry.models.filing import add_working_days

HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "综合评审成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
]
_TITLES = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}
# Candidates per occupation × level in one session, by level: junior levels come in bigger classes
# (never more than one examiner may assess in a day: each examiner has one group a day).
GROUP_SIZES = {5: (40, 58), 4: (34, 56), 3: (28, 48), 2: (14, 26), 1: (8, 14)}
# Ordinary pass rates, within 12 points of each other, so that only the planted outlier stands out.
PASS_SHARE = (0.66, 0.78)
PEER_SHARE = (0.55, 0.64)  # the outlier's peers: a hard occupation and level that quarter
ONE_DAY = datetime.timedelta(days=1)

CLUSTER_PAIR = (85, 90)
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


@dataclass
class Group:
    """One occupation × level of a session: its candidates, the share passing, its three examiners."""

    occupation: Occupation
    level: int
    size: int
    share: float
    examiners: list[Certification] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


@dataclass
class Session:
    body: AssessmentBody
    day: datetime.date
    groups: list[Group]
    issued: datetime.date | None = None  # certificates' issue date


@dataclass
class Upload:
    """One roster file: who sends it, which sessions, when, and how the body writes it."""

    user: User
    sessions: list[Session]
    day: datetime.date
    name: str = ""
    xlsx: bool = False
    style: int = 0  # how levels are written (see level_text)
    separator: str = ";"


@dataclass
class Reporter:
    """A filed body as the demo plans its exams: its administrator, scope lines and status history."""

    body: AssessmentBody
    admin: User
    lines: list[ScopeLine]
    days: list[datetime.date]  # local days of its status changes, oldest first
    states: list[str]  # the status reached on each of those days
    before: str  # the status before the first change

    def status_on(self, day: datetime.date) -> str:
        """As the BODY_NOT_ACTIVE rule rebuilds it: the state after the last change on or before `day`."""
        position = bisect_right(self.days, day)
        return self.states[position - 1] if position else self.before

    def lines_on(self, day: datetime.date) -> list[ScopeLine]:
        return [
            line
            for line in self.lines
            if line.effective_from <= day and (line.effective_to is None or day <= line.effective_to)
        ]

    def exam_days(self, first: datetime.date, last: datetime.date, *, line=None, active=True) -> list:
        """Days in [first, last] on which the body was (or was not) active with a line (this one) in force."""
        found = []
        day = first
        while day <= last:
            lines = self.lines_on(day)
            in_force = any(_same(x, line) for x in lines) if line else bool(lines)
            if in_force and (self.status_on(day) == BodyStatus.ACTIVE) == active:
                found.append(day)
            day += datetime.timedelta(days=1)
        return found


def _same(line: ScopeLine, other) -> bool:
    return (line.occupation_id, line.level) == (other.occupation_id, other.level)


def level_text(level: int, style: int) -> str:
    """How bodies write a level: "4", "四级", "四级/中级工" or "中级工"."""
    numeral = _NUMERALS[level]
    return (str(level), f"{numeral}级", f"{numeral}级/{_TITLES[level]}", _TITLES[level])[style % 4]


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first = self.today - datetime.timedelta(days=110)  # the period the rosters cover
        self.last = self.today - datetime.timedelta(days=8)
        self.centre1 = User.objects.get(username="centre1")
        self.centre2 = User.objects.get(username="centre2")
        self.ids: set[str] = set()
        self.serials: dict[tuple[int, int], int] = {}
        self.load: dict[tuple[int, datetime.date], int] = {}  # examiner × day → candidates
        self.uploads: list[Upload] = []
        self.roles: dict[str, Reporter] = {}
        self.role_uploads: dict[str, list[Upload]] = {}

    # --- dates ----------------------------------------------------------------------------------------
    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A moment on a day, never later than now."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def stamp(self, obj, moment: datetime.datetime, **fields) -> None:
        """Backdate the newest state-log line of `obj` and the given fields."""
        line = StateLog.objects.for_(obj).order_by("-pk").first()
        if line is not None:
            StateLog.objects.filter(pk=line.pk).update(timestamp=moment)
        if fields:
            type(obj).objects.filter(pk=obj.pk).update(**fields)

    # --- examiners ------------------------------------------------------------------------------------
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
            StateLog.objects.for_(certification).filter(transition=transition).update(timestamp=moment)
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

    # --- bodies ---------------------------------------------------------------------------------------
    def reporter(self, body: AssessmentBody) -> Reporter:
        logs = list(StateLog.objects.for_(body).order_by("timestamp", "pk"))
        return Reporter(
            body=body,
            admin=body.applications.order_by("pk").first().applicant,
            lines=list(body.scope_lines.select_related("occupation").order_by("pk")),
            days=[timezone.localtime(log.timestamp).date() for log in logs],
            states=[log.state for log in logs],
            before=logs[0].source_state if logs else body.status,
        )

    def group(self, line, size: int | None = None, share: float | None = None) -> Group:
        low, high = GROUP_SIZES[line.level]
        high = min(high, settings.AUDIT_EXAMINER_DAILY_LIMIT)
        return Group(
            occupation=line.occupation,
            level=line.level,
            size=size or self.rng.randint(low, high),
            share=self.rng.uniform(*PASS_SHARE) if share is None else share,
        )

    def session(
        self, reporter: Reporter, day: datetime.date, *, first=None, extra: int | None = None
    ) -> Session:
        """A session on `day`: the line `first` (if given) and up to `extra` more lines in force. The
        outlier's occupation and level is left to the bodies planned for it, unless a body has nothing
        else (then it is a hard one there too)."""
        lines = [x for x in reporter.lines_on(day) if x is not first and not _same(x, self.outlier_line)]
        self.rng.shuffle(lines)
        extra = self.rng.randint(1, 2) if extra is None else extra
        chosen = ([first] if first is not None else []) + lines[: extra if first is not None else extra + 1]
        if not chosen:
            line = next(x for x in reporter.lines_on(day))
            return Session(reporter.body, day, [self.group(line, share=self.rng.uniform(*PEER_SHARE))])
        return Session(reporter.body, day, [self.group(line) for line in chosen[:3]])

    def upload(
        self, reporter: Reporter, sessions: list[Session], *, role: str = "", day: datetime.date | None = None
    ) -> Upload:
        latest = max(s.day for s in sessions)
        deadline = add_working_days(latest, settings.RESULT_REPORT_WORKING_DAYS[reporter.body.kind])
        day = day or min(latest + datetime.timedelta(days=self.rng.randint(2, 4)), deadline)
        index = len(self.uploads)
        upload = Upload(
            user=reporter.admin,
            sessions=sessions,
            day=day,
            style=index % 4,
            separator=(";", "；", "、")[index % 3],
        )
        self.uploads.append(upload)
        if role:
            self.role_uploads.setdefault(role, []).append(upload)
        return upload

    # --- the plan -------------------------------------------------------------------------------------
    def plan(self) -> None:
        filed = AssessmentBody.objects.exclude(filing_no=None).select_related("district").order_by("pk")
        everyone = [self.reporter(b) for b in filed]
        reporters = [r for r in everyone if r.body.status == BodyStatus.ACTIVE]
        roles = self.roles
        self.outlier(reporters)
        taken = {r.body.pk for r in roles.values()}

        def pick(test) -> Reporter:
            """The first body not given a part yet that can play this one (else any that can)."""
            able = [r for r in reporters if test(r)] or reporters
            chosen = next((r for r in able if r.body.pk not in taken), able[0])
            taken.add(chosen.body.pk)
            return chosen

        def has_level(*levels):
            return lambda r: any(x.level in levels for x in r.lines_on(self.last))

        self.rng.shuffle(reporters)
        roles["numbers"] = pick(lambda r: bool(self.twin_days(r)))
        roles["overload"] = pick(has_level(4, 5))
        roles["grade"] = pick(has_level(2))
        roles["age"] = pick(lambda r: r.body.kind == "college" and has_level(4, 5)(r))
        roles["cluster"] = pick(has_level(3, 4, 5))
        roles["failing"] = pick(lambda r: True)
        roles["dates"] = pick(lambda r: True)
        roles["late"] = pick(lambda r: bool(r.exam_days(self.day(-75), self.day(-55))))
        roles["suspended_examiner"] = pick(lambda r: bool(r.exam_days(self.after_suspension(), self.last)))
        roles["scope"] = pick(lambda r: True)
        clean = [r for r in reporters if r.body.pk not in taken]

        # The body that restarts its serial numbers: two sessions of one line five or six weeks apart.
        reporter = roles["numbers"]
        day, later, line = self.rng.choice(self.twin_days(reporter))
        self.upload(reporter, [self.session(reporter, day, first=line)], role="numbers")
        self.upload(reporter, [self.session(reporter, later, first=line, extra=0)], role="numbers")

        # The late roster: an exam seven to ten weeks ago, reported three to four weeks after it.
        reporter = roles["late"]
        day = self.rng.choice(reporter.exam_days(self.day(-75), self.day(-55)))
        late = day + datetime.timedelta(days=self.rng.randint(22, 30))
        self.upload(reporter, [self.session(reporter, day)], role="late", day=late)

        # The overloaded examiners: one big class of a junior level, three examiners for all of it.
        reporter = roles["overload"]
        day, line = self.day_with(reporter, lambda x: x.level in (4, 5))
        session = self.session(reporter, day, first=line, extra=0)
        session.groups[0].size = settings.AUDIT_EXAMINER_DAILY_LIMIT + self.rng.randint(4, 8)
        self.upload(reporter, [session], role="overload")

        # A level-2 session with one examiner of the ordinary grade.
        reporter = roles["grade"]
        day, line = self.day_with(reporter, lambda x: x.level == 2)
        self.upload(reporter, [self.session(reporter, day, first=line)], role="grade")

        # The suspended examiner still used by a body after the suspension.
        reporter = roles["suspended_examiner"]
        day = self.rng.choice(reporter.exam_days(self.after_suspension(), self.last))
        self.upload(reporter, [self.session(reporter, day)], role="suspended_examiner")

        # Assessing outside the filed scope: an occupation the body never filed, next to its own.
        reporter = roles["scope"]
        day = self.rng.choice(reporter.exam_days(self.first, self.last))
        session = self.session(reporter, day, extra=0)
        filed_here = {x.occupation_id for x in reporter.lines}
        foreign = self.rng.choice(
            [
                x
                for r in everyone
                for x in r.lines
                if x.occupation_id not in filed_here and x.level >= 3 and not _same(x, self.outlier_line)
            ]
        )
        session.groups.append(self.group(foreign, size=self.rng.randint(9, 14)))
        self.upload(reporter, [session], role="scope")

        # The other parts and the clean bodies: one session (often two lines) on a day of their own.
        tests = {
            "age": lambda x: x.level in (4, 5),
            "cluster": lambda x: x.level >= 3,
            "failing": lambda x: True,
            "dates": lambda x: True,
        }
        for role, test in tests.items():
            reporter = roles[role]
            day, line = self.day_with(reporter, test)
            self.upload(reporter, [self.session(reporter, day, first=line)], role=role)
        for reporter in clean:  # two sessions each, five weeks or more apart
            days = reporter.exam_days(self.first, self.last)
            if not days:
                continue
            day = self.rng.choice(days)
            self.upload(reporter, [self.session(reporter, day)])
            days = [d for d in days if abs((d - day).days) >= 35]
            if days:
                self.upload(reporter, [self.session(reporter, self.rng.choice(days))])

        # The centre's import for several bodies: one week of sessions exported from the national
        # system, among them a body no longer active (suspended or revoked) that still held an exam.
        inactive = None
        for reporter in everyone:
            if reporter.body.status in (BodyStatus.SUSPENDED, BodyStatus.REVOKED):
                days = reporter.exam_days(self.day(-26), self.day(-16), active=False)
                if days:
                    inactive = (reporter, days[len(days) // 2])
                    break
        if inactive is None:
            raise RuntimeError("No suspended or revoked body to show BODY_NOT_ACTIVE.")
        reporter, start = inactive
        roles["inactive"] = reporter
        sessions = [self.session(reporter, start, extra=0)]
        rectifying = [r for r in everyone if r.body.status == BodyStatus.RECTIFYING]
        for other in [
            *rectifying,
            *clean,
            *(r for r in reporters if r not in clean and r is not roles["outlier"]),
        ]:
            days = other.exam_days(start, start + datetime.timedelta(days=3))
            if days and len(sessions) < 7:
                sessions.append(self.session(other, self.rng.choice(days)))
        upload = self.upload(reporter, sessions, role="centre", day=max(s.day for s in sessions) + ONE_DAY)
        upload.user = self.centre1

    def outlier(self, reporters: list[Reporter]) -> None:
        """PASS_RATE_OUTLIER: an occupation × level several bodies assess in one quarter; one of them
        passes everybody while the others pass fewer than two in three. The peers sit early in the
        quarter, the outlier late (by then one of the peers' passers sits there again)."""
        quarter = pd.Timestamp(self.day(-45)).to_period("Q")
        first = max(quarter.start_time.date(), self.first)
        last = min(quarter.end_time.date(), self.last)
        shared: dict[tuple[int, int], list] = {}
        for reporter in reporters:
            for line in reporter.lines:
                days = reporter.exam_days(first, last, line=line)
                if len(days) >= 10:
                    shared.setdefault((line.occupation_id, line.level), []).append((reporter, line, days))
        key = max(shared, key=lambda k: (min(len(shared[k]), 3), k[1] >= 3, -k[1], k[0]))
        holders = shared[key]
        if len(holders) < 2:
            raise RuntimeError("No occupation and level shared by two active bodies for PASS_RATE_OUTLIER.")
        self.outlier_line = holders[0][1]
        social = [h for h in holders if h[0].body.kind == "social"]
        outlier = (social or holders)[-1]
        peers = [h for h in holders if h is not outlier][:2]
        enough = settings.AUDIT_PASS_RATE_MIN_PEERS // len(peers) + 1
        for reporter, line, days in peers:
            day = days[self.rng.randint(0, max(0, len(days) // 3 - 1))]
            session = self.session(reporter, day, first=line)
            size = enough + self.rng.randint(2, 8)
            session.groups[0] = self.group(line, size=size, share=self.rng.uniform(*PEER_SHARE))
            self.upload(reporter, [session], role="peer")
        reporter, line, days = outlier
        day = days[-1 - self.rng.randint(0, min(5, len(days) // 3))]
        size = settings.AUDIT_PASS_RATE_MIN_CANDIDATES + self.rng.randint(4, 8)
        session = Session(reporter.body, day, [self.group(line, size=size, share=1.0)])
        self.upload(reporter, [session], role="outlier")
        self.roles["outlier"], self.roles["peer"] = reporter, peers[0][0]
        self.roles["peer2"] = peers[-1][0]

    def twin_days(self, reporter: Reporter) -> list[tuple[datetime.date, datetime.date, ScopeLine]]:
        """(day, a day five or six weeks later, line) with the body active and the line in force on both."""
        found = []
        for day in reporter.exam_days(self.first, self.last - datetime.timedelta(days=35)):
            later = day + datetime.timedelta(days=35 + day.toordinal() % 8)
            if later > self.last or reporter.status_on(later) != BodyStatus.ACTIVE:
                continue
            for line in reporter.lines_on(day):
                if not _same(line, self.outlier_line) and any(
                    _same(x, line) for x in reporter.lines_on(later)
                ):
                    found.append((day, later, line))
        return found

    def after_suspension(self) -> datetime.date:
        return self.suspended_on + ONE_DAY if self.suspended else self.first

    def day_with(self, reporter: Reporter, test) -> tuple[datetime.date, ScopeLine]:
        """A random exam day of the body with a line passing `test` in force (any line if none ever
        does), and that line."""

        def usable(day):
            lines = [x for x in reporter.lines_on(day) if not _same(x, self.outlier_line)]
            return [x for x in lines if test(x)] or lines

        days = [d for d in reporter.exam_days(self.first, self.last) if usable(d)]
        day = self.rng.choice(days)
        return day, self.rng.choice(usable(day))

    # --- rows -----------------------------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        """A candidate born 1984–1993 (Sichuan-era Chongqing area code 510202), with a unique valid ID."""
        while True:
            born = datetime.date(1984, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 3652))
            number = resident_id(self.rng.randint(0, 999), born=f"{born:%Y%m%d}", area="510202")
            if number not in self.ids:
                self.ids.add(number)
                return person_name(self.rng), number

    def score(self) -> int:
        return round(self.rng.triangular(60, 98, 80))

    def certificate_no(self, body: AssessmentBody, issued: datetime.date, level: int) -> str:
        """Filing number + 2-digit issue year + level digit + the body's 6-digit serial of that year."""
        key = (body.pk, issued.year)
        if key not in self.serials:
            self.serials[key] = self.rng.randint(120, 1800)  # what the body issued earlier that year
        self.serials[key] += 1
        return f"{body.filing_no}{issued.year % 100:02d}{level}{self.serials[key]:06d}"

    def fill(self, session: Session, upload_day: datetime.date) -> None:
        """The candidates of each group: passers carry a certificate issued between exam and report."""
        days = (upload_day - session.day).days
        session.issued = session.day + datetime.timedelta(days=self.rng.randint(1, max(1, min(days, 5))))
        for group in session.groups:
            if not group.examiners:
                self.staff(group, session.day)
            passers = round(group.size * group.share)
            outcomes = [True] * passers + [False] * (group.size - passers)
            self.rng.shuffle(outcomes)
            for passed in outcomes:
                name, id_number = self.person()
                if passed:
                    theory, skill = self.score(), self.score()
                    review = self.score() if group.level <= 2 else None
                else:
                    fails = self.rng.random()
                    theory = self.rng.randint(36, 59) if fails < 0.55 else self.rng.randint(60, 84)
                    skill = self.rng.randint(32, 59) if fails >= 0.3 else self.rng.randint(60, 86)
                    review = self.rng.randint(48, 78) if group.level <= 2 else None
                group.rows.append(
                    {
                        "certificate_no": self.certificate_no(session.body, session.issued, group.level)
                        if passed
                        else "",
                        "name": name,
                        "id_number": id_number,
                        "occupation": group.occupation.code,
                        "level": group.level,
                        "theory": theory,
                        "skill": skill,
                        "review": review,
                        "exam_date": session.day,
                        "issue_date": session.issued if passed else None,
                        "examiners": [c.certificate_no for c in group.examiners],
                        "body_code": session.body.filing_no,
                    }
                )

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

    # --- files ----------------------------------------------------------------------------------------
    def cells(self, upload: Upload, row: dict) -> list:
        return [
            row["certificate_no"],
            row["name"],
            row["id_number"],
            row["occupation"],
            level_text(row["level"], upload.style),
            row["theory"],
            row["skill"],
            "" if row["review"] is None else row["review"],
            row["exam_date"],
            row["issue_date"] or "",
            upload.separator.join(row["examiners"]),
            row["body_code"],
        ]

    def file(self, upload: Upload) -> bytes:
        rows = [row for session in upload.sessions for group in session.groups for row in group.rows]
        if upload.xlsx:
            book = Workbook()
            sheet = book.active
            sheet.title = "考核结果"
            sheet.append(HEADERS)
            for row in rows:
                sheet.append([None if value == "" else value for value in self.cells(upload, row)])
            for cells in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
                for cell in cells:
                    cell.number_format = "yyyy-mm-dd"
            out = io.BytesIO()
            book.save(out)
            return out.getvalue()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for row in rows:
            cells = self.cells(upload, row)
            for index in (8, 9):  # dates as ISO, or as Excel shows them in Chinese locales (2026/9/5)
                day = cells[index]
                if day:
                    cells[index] = (
                        day.isoformat() if upload.style % 2 == 0 else f"{day.year}/{day.month}/{day.day}"
                    )
            writer.writerow(cells)
        return out.getvalue().encode("utf-8-sig")  # what Excel writes as "CSV UTF-8"

    def filename(self, upload: Upload) -> str:
        sessions = upload.sessions
        if upload.user == self.centre1:
            first, last = min(s.day for s in sessions), max(s.day for s in sessions)
            return f"全国联网系统导出_认定结果_{first:%Y%m%d}-{last:%Y%m%d}_{len(sessions)}家机构.csv"
        session = sessions[0]
        what = "、".join(f"{g.occupation.name}{_NUMERALS[g.level]}级" for g in session.groups)
        return f"{session.body.name}_{session.day:%Y%m%d}_{what}_考核结果.{'xlsx' if upload.xlsx else 'csv'}"

    # --- importing ------------------------------------------------------------------------------------
    def backdate_import(self, outcome, moment: datetime.datetime, hits_before: int) -> None:
        """The roster as sent on its day: upload and audit time, late rows counted that day, its hits
        and the cases its audit opened."""
        roster = outcome.roster
        frame = pd.DataFrame(list(roster.results.values("exam_date", "body_id")))
        frame["exam_date"] = pd.to_datetime(frame["exam_date"])
        kinds = dict(AssessmentBody.objects.filter(pk__in=set(frame["body_id"])).values_list("pk", "kind"))
        audited = moment + datetime.timedelta(seconds=self.rng.randint(3, 40))
        Roster.objects.filter(pk=roster.pk).update(
            uploaded_at=moment,
            audited_at=audited,
            rows_late=rows_late(frame, kinds, today=timezone.localtime(moment).date()),
        )
        Hit.objects.filter(pk__gt=hits_before).update(found_at=audited)
        AuditCase.objects.filter(pk__in=[c.pk for c in outcome.audit.cases]).update(
            opened_at=audited, status_since=audited
        )

    def send(self) -> None:
        self.uploads.sort(key=lambda u: (u.day, max(s.day for s in u.sessions)))
        # Sessions in date order, so that serial numbers and certificates follow time.
        for session, upload in sorted(
            ((s, u) for u in self.uploads for s in u.sessions), key=lambda pair: pair[0].day
        ):
            self.fill(session, upload.day)
        self.plant()
        # One college sends an Excel workbook; everybody else CSV.
        colleges = [
            u for u in self.uploads if u.user != self.centre1 and u.sessions[0].body.kind == "college"
        ]
        (colleges or self.uploads)[0].xlsx = True
        for upload in self.uploads:
            upload.name = self.filename(upload)
            data = self.file(upload)
            hits_before = Hit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            outcome = import_roster(user=upload.user, data=data, filename=upload.name)
            moment = self.at(upload.day, self.rng.randint(9, 16), self.rng.randint(0, 59))
            self.backdate_import(outcome, moment, hits_before)

    # --- cases ----------------------------------------------------------------------------------------
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
