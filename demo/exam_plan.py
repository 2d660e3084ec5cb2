"""Which body holds which exams when in the demo quarter, and which body plays which part in the
problems the audit must find (numbers, late roster, overload, outlier, out of scope, inactive body)."""

import datetime

import pandas as pd
from django.conf import settings

from common.status_on import history
from demo.examiner_pool import ExaminerPool
from demo.quarter import Group, Reporter, Session, Upload, same_line
from registry.models import AssessmentBody, BodyStatus, ScopeLine
from registry.models.filing import add_working_days

# Candidates per occupation × level in one session, by level: junior levels come in bigger classes
# (never more than one examiner may assess in a day: each examiner has one group a day).
GROUP_SIZES = {5: (40, 58), 4: (34, 56), 3: (28, 48), 2: (14, 26), 1: (8, 14)}
# Ordinary pass rates, within 12 points of each other, so that only the planted outlier stands out.
PASS_SHARE = (0.66, 0.78)
PEER_SHARE = (0.55, 0.64)  # the outlier's peers: a hard occupation and level that quarter
ONE_DAY = datetime.timedelta(days=1)


class ExamPlan(ExaminerPool):
    # --- bodies ----------------------------------------------------------------------------------------
    def reporter(self, body: AssessmentBody) -> Reporter:
        # the body's status by the days its transitions took effect (as the audit reads it)
        logs = history(AssessmentBody, [body.pk])
        return Reporter(
            body=body,
            admin=body.applications.order_by("pk").first().applicant,
            lines=list(body.scope_lines.select_related("occupation").order_by("pk")),
            days=[day.date() for day in logs["day"]],
            states=list(logs["state"]),
            before=logs["source_state"].iloc[0] if len(logs) else body.status,
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
        lines = [x for x in reporter.lines_on(day) if x is not first and not same_line(x, self.outlier_line)]
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

    # --- the plan --------------------------------------------------------------------------------------
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
                if x.occupation_id not in filed_here and x.level >= 3 and not same_line(x, self.outlier_line)
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
                if not same_line(line, self.outlier_line) and any(
                    same_line(x, line) for x in reporter.lines_on(later)
                ):
                    found.append((day, later, line))
        return found

    def after_suspension(self) -> datetime.date:
        return self.suspended_on + ONE_DAY if self.suspended else self.first

    def day_with(self, reporter: Reporter, test) -> tuple[datetime.date, ScopeLine]:
        """A random exam day of the body with a line passing `test` in force (any line if none ever
        does), and that line."""

        def usable(day):
            lines = [x for x in reporter.lines_on(day) if not same_line(x, self.outlier_line)]
            return [x for x in lines if test(x)] or lines

        days = [d for d in reporter.exam_days(self.first, self.last) if usable(d)]
        day = self.rng.choice(days)
        return day, self.rng.choice(usable(day))
