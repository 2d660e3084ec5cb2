"""A realistic Dashboard built by hand, as plans.dashboard.build would return it on 15 September 2026: nine
targets, breakdowns of every chart kind (two maps over all 38 districts) and the technical colleges.

The pages, charts and reports must show exactly these figures; the tests compare what they show with them.
"""

import csv
import datetime

from plans.figures import Dashboard, Progress, Row, Table
from registry.catalogues import DISTRICTS_CSV

YEAR = 2026
AS_OF = datetime.date(2026, 9, 15)
with DISTRICTS_CSV.open(encoding="utf-8-sig") as _handle:
    DISTRICTS = [(row["code"], row["name"]) for row in csv.DictReader(_handle)]  # the 38, by code


def progress(key, label, scope, target, done_by_month, *, as_of=AS_OF) -> Progress:
    """A Progress whose monthly cumulative figures are `done_by_month` (months after `as_of` are None)."""
    months = as_of.month
    monthly = [*done_by_month[:months], *([None] * (12 - months))]
    elapsed = (as_of - datetime.date(as_of.year, 1, 1)).days + 1
    days = (datetime.date(as_of.year, 12, 31) - datetime.date(as_of.year, 1, 1)).days + 1
    return Progress(
        key=key,
        label=label,
        scope=scope,
        target=target,
        actual=monthly[months - 1],
        expected=round(target * elapsed / days),
        monthly=monthly,
        pace=[round(target * m / 12) for m in range(1, 13)],
    )


def cumulative(start: int, steps: list[int]) -> list[int]:
    out, total = [], start
    for step in steps:
        total += step
        out.append(total)
    return out


PROGRESS = [
    progress("bodies", "评价机构总量", "全市", 420, cumulative(300, [6, 8, 9, 11, 10, 12, 9, 8, 5])),
    progress("colleges_filed", "技工院校应备尽备", "全市", 46, cumulative(30, [1, 0, 2, 1, 1, 2, 0, 1, 1])),
    progress(
        "evaluations",
        "技能人才评价人次",
        "全市",
        300000,
        cumulative(0, [12000, 18500, 26000, 27100, 25300, 31000, 24800, 22050, 9871]),
    ),
    progress(
        "recognitions",
        "职业技能等级认定",
        "全市",
        250000,
        cumulative(0, [10000, 15000, 21000, 22000, 20000, 26000, 20000, 18000, 8000]),
    ),
    progress(
        "special_ability",
        "专项职业能力考核",
        "全市",
        50000,
        cumulative(0, [2000, 3500, 5000, 5100, 5300, 5000, 4800, 4050, 1871]),
    ),
    progress("examiners", "考评员", "全市", 2000, cumulative(0, [0, 120, 260, 180, 150, 210, 90, 160, 33])),
    progress("supervisors", "质量督导员", "全市", 300, cumulative(0, [0, 20, 40, 35, 30, 25, 30, 26, 9])),
    progress(
        "specifications", "新开发专项职业能力规范", "全市", 30, cumulative(0, [0, 1, 2, 3, 2, 4, 3, 4, 2])
    ),
    progress("bodies", "评价机构总量", "企业", 200, cumulative(150, [2, 3, 4, 5, 4, 6, 3, 2, 1])),
]


def _district_rows(seed: int, *, columns: int = 1) -> list[Row]:
    """One row per district with different, deterministic figures (a few districts at zero)."""
    rows = []
    for i, (code, name) in enumerate(DISTRICTS):
        first = (
            0 if i % 13 == 7 else ((i * seed) % 97) + (60 if code in ("500103", "500106", "500112") else 3)
        )
        values = [first]
        if columns > 1:
            passed = first * (55 + (i * 7) % 40) // 100
            values += [passed, round(100 * passed / first) if first else 0][: columns - 1]
        rows.append(Row(label=name, values=tuple(values), code=code))
    return rows


BODIES_BY_DISTRICT = Table(
    key="bodies_by_district",
    title="评价机构分区县分布",
    columns=("评价机构",),
    rows=_district_rows(31),
    label_heading="区县",
    chart="map",
)
CERTIFICATES_BY_DISTRICT = Table(
    key="certificates_by_district",
    title="评价人次分区县分布",
    columns=("评价人次", "合格人数", "合格率（%）"),
    rows=[
        Row(r.label, (r.values[0] * 61, r.values[1] * 61, r.values[2]), r.code)
        for r in _district_rows(17, columns=3)
    ],
    label_heading="区县",
    chart="map",
)
BODIES_BY_KIND = Table(
    key="bodies_by_kind",
    title="评价机构按类型",
    columns=("评价机构",),
    rows=[
        Row("企业", (171,), "employer"),
        Row("社会培训评价组织", (139,), "social"),
        Row("技工院校", (43,), "college"),
    ],
    label_heading="类型",
    chart="bar",
    total=(353,),
)
BY_LEVEL = Table(
    key="evaluations_by_level",
    title="评价人次按等级",
    columns=("等级认定", "专项职业能力"),
    rows=[
        Row("五级/初级工", (60210, 21300), "5"),
        Row("四级/中级工", (70133, 12020), "4"),
        Row("三级/高级工", (25512, 3300), "3"),
        Row("二级/技师", (3900, 0), "2"),
        Row("一级/高级技师", (245, 0), "1"),
    ],
    label_heading="等级",
    chart="stack",
    total=(160000, 36620),
)
EXAMINERS_ONLINE = Table(
    key="certified_online_offline",
    title="考评员、质量督导员取证方式",
    columns=("线上", "线下"),
    rows=[Row("考评员", (801, 402), "examiner"), Row("质量督导员", (120, 95), "supervisor")],
    label_heading="人员",
    chart="stack",
)
TOP_OCCUPATIONS = Table(
    key="evaluations_by_occupation",
    title="评价人次前20的职业",
    columns=("评价人次",),
    rows=[Row(f"职业{n:02d}", (9000 - n * 397,), f"4-0{n % 9}-01-0{n % 7}") for n in range(1, 21)],
    label_heading="职业",
    chart="bar",
)
INSPECTIONS = Table(
    key="inspections",
    title="督导检查",
    columns=("已检查", "发现问题", "整改逾期"),
    rows=[
        Row("现场督导", (48, 31, 2), "onsite"),
        Row("专项检查", (12, 9, 1), "special"),
        Row("年度检查", (90, 40, 0), "annual"),
    ],
    label_heading="检查类型",
    chart="",
    total=(150, 80, 3),
)
AUDIT = Table(
    key="audit_hits",
    title="证书稽核",
    columns=("疑点", "确认案件", "撤销证书"),
    rows=[
        Row("考评员超负荷", (66, 3, 41), "R01"),
        Row("合格率异常", (25, 1, 12), "R05"),
        Row("身份证号无效", (8, 0, 0), "R09"),
    ],
    label_heading="规则",
    chart="bar",
)

TABLES = [
    BODIES_BY_DISTRICT,
    BODIES_BY_KIND,
    CERTIFICATES_BY_DISTRICT,
    BY_LEVEL,
    TOP_OCCUPATIONS,
    EXAMINERS_ONLINE,
    INSPECTIONS,
    AUDIT,
]

COLLEGES = [
    ("重庆市机械高级技工学校", "九龙坡区", True),
    ("重庆市轻工业高级技工学校", "南岸区", True),
    ("重庆市渝中区职业技能培训学校", "渝中区", False),
    ("重庆市万州高级技工学校", "万州区", True),
    ("重庆三峡技工学校", "万州区", False),
    ("重庆市涪陵区技工学校", "涪陵区", True),
]


def dashboard(**overrides) -> Dashboard:
    """The citywide dashboard; `overrides` change any field (e.g. scope="渝中区")."""
    fields = {
        "year": YEAR,
        "plan_name": "2026年全市技能人才工作要点",
        "as_of": AS_OF,
        "scope": "全市",
        "progress": list(PROGRESS),
        "tables": list(TABLES),
        "colleges_filed": list(COLLEGES),
    }
    return Dashboard(**{**fields, **overrides})


def public() -> Dashboard:
    """What public_statistics would give: citywide figures and aggregates only."""
    return dashboard(
        progress=[p for p in PROGRESS if p.scope == "全市"][:4],
        tables=[BODIES_BY_DISTRICT, CERTIFICATES_BY_DISTRICT, BY_LEVEL],
        colleges_filed=[],
    )
