"""The roster file's columns (Chinese or English headers, a few common aliases) and the words for levels."""

from dataclasses import dataclass
from enum import StrEnum

from certificates.models import EvaluationType
from common.tables import Heading, Headings
from registry.models import Level


class Needed(StrEnum):
    """When a cell must hold a value."""

    ALWAYS = "always"
    PASSERS = "passers"  # rows with a certificate number
    HIGH_LEVELS = "high_levels"  # levels 2–1 (and the employer-pilot grades above them)
    NEVER = "never"
    OPTIONAL = "optional"  # an empty cell has a meaning of its own (评价类型: 等级认定)


@dataclass(frozen=True, kw_only=True)
class Column(Heading):
    """A roster column: its headers (common.tables.Heading), when a cell needs a value, and the stored width.

    `required` is whether the header must be present even if no row needs a value: without 证书编号 every
    candidate would read as failed, so that column is always required; 发证日期 and 综合评审成绩 only when a
    row needs them."""

    needed: Needed
    max_length: int | None = None  # the stored column's width, for text kept as written


COLUMNS = (
    Column(
        field="certificate_no",
        zh="证书编号",
        en="certificate_no",
        needed=Needed.NEVER,
        aliases=("证书号", "证书号码", "证书编码", "certificate_number"),
        max_length=22,
    ),
    Column(field="name", zh="姓名", en="name", needed=Needed.ALWAYS, aliases=("考生姓名",), max_length=60),
    Column(
        field="id_number",
        zh="证件号码",
        en="id_number",
        needed=Needed.ALWAYS,
        aliases=("身份证号码", "身份证号", "公民身份号码"),
        max_length=18,
    ),
    Column(
        field="occupation_code",
        zh="职业编码",
        en="occupation_code",
        needed=Needed.ALWAYS,
        aliases=("职业代码", "职业(工种)编码", "职业（工种）编码", "职业工种编码"),
    ),
    Column(
        field="level",
        zh="等级",
        en="level",
        needed=Needed.ALWAYS,
        aliases=("职业等级", "技能等级", "申报等级"),
    ),
    Column(
        field="evaluation_type",
        zh="评价类型",
        en="evaluation_type",
        needed=Needed.OPTIONAL,
        aliases=("评价类别", "评价方式"),
        required=False,
    ),
    Column(
        field="theory_score",
        zh="理论成绩",
        en="theory_score",
        needed=Needed.ALWAYS,
        aliases=("理论知识成绩", "理论知识考试成绩"),
    ),
    Column(
        field="skill_score",
        zh="技能成绩",
        en="skill_score",
        needed=Needed.ALWAYS,
        aliases=("操作技能成绩", "技能考核成绩", "实操成绩"),
    ),
    Column(
        field="review_score",
        zh="综合评审成绩",
        en="review_score",
        needed=Needed.HIGH_LEVELS,
        aliases=("综合评审",),
        required=False,
    ),
    Column(
        field="exam_date",
        zh="考核日期",
        en="exam_date",
        needed=Needed.ALWAYS,
        aliases=("考试日期", "鉴定日期", "评价日期"),
    ),
    Column(
        field="issue_date",
        zh="发证日期",
        en="issue_date",
        needed=Needed.PASSERS,
        aliases=("发证时间",),
        required=False,
    ),
    Column(
        field="examiners",
        zh="考评员",
        en="examiners",
        needed=Needed.ALWAYS,
        aliases=("考评员证号", "考评员编号", "考评员证书编号", "examiner_nos"),
        max_length=300,
    ),
    Column(
        field="body_code",
        zh="评价机构代码",
        en="body_code",
        needed=Needed.ALWAYS,
        aliases=("机构代码", "评价机构备案编号", "备案编号", "filing_no"),
    ),
)
FIELDS = [c.field for c in COLUMNS]
BY_FIELD = {c.field: c for c in COLUMNS}
SCORE_FIELDS = ("theory_score", "skill_score", "review_score")
DATE_FIELDS = ("exam_date", "issue_date")

# Levels as written on rosters: the digit, 一级…五级 (or 1级…5级), the title, or both ("四级/中级工").
_TITLES = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def _level_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for level, title in _TITLES.items():
        forms = (str(level), f"{level}级", f"{_NUMERALS[level]}级", title)
        words.update(dict.fromkeys(forms, level))
        for number in forms[1:3]:
            for slash in ("/", "／"):
                words[f"{number}{slash}{title}"] = level
                words[f"{title}{slash}{number}"] = level
    # Employer-pilot grades above level 1; a body outside the pilot is flagged by OUT_OF_SCOPE.
    words["特级技师"] = Level.PRINCIPAL
    words["首席技师"] = Level.CHIEF
    return words


LEVEL_WORDS = _level_words()

# Evaluation types as written on rosters: the Chinese names, their short forms, or the codes (any case).
# An empty cell, or no 评价类型 column at all, is 等级认定: rosters made before the column existed still import.
# A 专项 row names an occupation code like any other row until the specifications catalogue exists.
EVALUATION_TYPE_WORDS = {
    "": EvaluationType.LEVEL,
    "职业资格": EvaluationType.QUALIFICATION,
    "职业技能等级认定": EvaluationType.LEVEL,
    "技能等级认定": EvaluationType.LEVEL,
    "等级认定": EvaluationType.LEVEL,
    "专项职业能力": EvaluationType.SPECIAL,
    "专项职业能力考核": EvaluationType.SPECIAL,
    "专项": EvaluationType.SPECIAL,
    **{code: EvaluationType(code) for code in EvaluationType.values},
}
HIGH_LEVEL_MAX = Level.LEVEL_2  # levels 2, 1, 0 and -1 need the comprehensive review

# Separators between examiners' numbers, with any spaces (ASCII or full-width) around them; stored as ";".
# Spelled without \s, which would make pandas leave pyarrow's regex engine for Python's, row by row.
EXAMINER_SEPARATORS = "[ \t\u3000]*[;；、][ \t\u3000]*"


HEADINGS = Headings(COLUMNS)
