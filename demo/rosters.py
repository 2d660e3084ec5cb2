"""The demo result rosters: their rows, written as real files (CSV, one XLSX, Chinese headers, levels
and separators as bodies type them) and sent through certificates.services.rosters.import_roster.

The importer stamps "now": each roster is backdated right after its import with queryset .update(): its
upload and audit time, the hits that audit found and the cases it opened; its late-row count is
recounted for its upload day with the importer's own `rows_late` (on import it counts against today,
when every past exam is late)."""

import csv
import datetime
import io

import pandas as pd
from django.utils import timezone
from openpyxl import Workbook

from certificates.models import AuditCase, EvaluationType, Hit, Roster
from certificates.services.rosters import import_roster, rows_late
from demo.audit_hits import AuditHits
from demo.names import person_name
from demo.quarter import Session, Upload
from registry.identifiers import resident_id
from registry.models import AssessmentBody

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
    "评价类型",
]
# Evaluation types: about 2/3 of the groups 等级认定 or 职业资格, 1/3 专项职业能力 (the plan's 20万 : 10万).
TYPE_WEIGHTS = {EvaluationType.LEVEL: 0.5, EvaluationType.QUALIFICATION: 0.17, EvaluationType.SPECIAL: 0.33}
# How bodies write them, by the upload's style: full names, short forms, or only the exceptions.
FULL = {
    EvaluationType.LEVEL: "职业技能等级认定",
    EvaluationType.QUALIFICATION: "职业资格",
    EvaluationType.SPECIAL: "专项职业能力",
}
TYPE_WORDS = (
    FULL,
    {
        EvaluationType.LEVEL: "等级认定",
        EvaluationType.QUALIFICATION: "职业资格",
        EvaluationType.SPECIAL: "专项",
    },
    {**FULL, EvaluationType.LEVEL: ""},
    FULL,
)
_TITLES = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def level_text(level: int, style: int) -> str:
    """How bodies write a level: "4", "四级", "四级/中级工" or "中级工"."""
    numeral = _NUMERALS[level]
    return (str(level), f"{numeral}级", f"{numeral}级/{_TITLES[level]}", _TITLES[level])[style % 4]


class Rosters(AuditHits):
    # --- rows ------------------------------------------------------------------------------------------
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
            group.evaluation_type = self.types.choices(
                list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values())
            )[0]
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
                        "evaluation_type": group.evaluation_type,
                    }
                )

    # --- files -----------------------------------------------------------------------------------------
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
            TYPE_WORDS[upload.style][row["evaluation_type"]],
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

    # --- importing -------------------------------------------------------------------------------------
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
