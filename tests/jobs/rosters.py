"""Rosters for the jobs' tests, built like bench/roster.py against what the test made with factories:
the body's real filing number and scope line, a certified examiner qualified for it, valid resident IDs
(distinct birth dates and sequences), well-formed certificate numbers for the passers."""

import csv
import datetime
import io

from django.utils import timezone

from registry.identifiers import resident_id
from tests import factories

HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
]
OCCUPATION = "6-31-01-03"  # the factories' default scope line, level 4


def roster_csv(body, examiner_no: str, *, rows: int, exam=None, issue=None) -> bytes:
    exam = exam or timezone.localdate() - datetime.timedelta(days=3)
    issue = issue or timezone.localdate() - datetime.timedelta(days=1)
    born0 = datetime.date(1980, 1, 1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(rows):
        born = born0 + datetime.timedelta(days=n // 1000)
        passed = n % 7 != 0
        writer.writerow(
            [
                factories.certificate_no(body, year=issue.year, level=4, serial=n + 1) if passed else "",
                f"考生{n}",
                resident_id(n, born=born.strftime("%Y%m%d"), area="500103"),
                OCCUPATION,
                "四级",
                80 if passed else 40,
                85 if passed else 50,
                exam.isoformat(),
                issue.isoformat() if passed else "",
                examiner_no,
                body.filing_no,
            ]
        )
    return out.getvalue().encode("utf-8")
