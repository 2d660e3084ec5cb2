"""Each stage's record prints as a PDF (论证 opinions, 评审 votes, the 报备 record): Chinese text in an embedded
CJK font, no missing glyph, page N of M; read back with poppler."""

import logging
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from specifications import records, services
from specifications.models import SpecificationVersion
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("pdftotext") or not shutil.which("pdffonts"), reason="needs poppler-utils"
    ),
]


def text_of(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return re.sub(
        r"\s+",
        "",
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout,
    )


@pytest.fixture
def version():
    """Published after a 3–2 vote of a panel of five named experts, one of whom agreed with changes."""
    experts = [factories.expert(username=f"expert{n}") for n in range(5)]
    for person, name in zip(experts, ["王建国", "李秀英", "张明", "刘洋", "陈静"], strict=True):
        person.profile.display_name = name
        person.profile.save()
    version = factories.proposed_specification(name="中式面点制作（重庆小面）", occupations=["4-03-02-02"])
    centre = factories.centre_officer()
    services.appoint_experts(version=version, user=centre, experts=experts)
    services.act(version=version, user=centre, action="start_argument")
    for n, person in enumerate(experts):
        verdict = "agree_with_changes" if n == 0 else "agree"
        services.record_opinion(
            version=version, user=person, verdict=verdict, text=f"专家{n}：小面调料配比需细化。"
        )
    services.form_panel(version=version, user=centre, experts=experts)
    services.act(version=version, user=centre, action="start_review")
    for person, passes in zip(experts, [True, False, True, False, True], strict=True):
        services.cast_vote(
            version=version, user=person, passes=passes, comment="同意" if passes else "不同意"
        )
    services.file_with_ministry(
        version=version, user=centre, filed_on=timezone.localdate(), reference="人社鉴函〔2026〕12号"
    )
    services.publish(version=version, user=centre)
    return SpecificationVersion.objects.get(pk=version.pk)


@pytest.mark.parametrize("stage", list(records.STAGES))
def test_every_stage_prints_in_chinese_with_embedded_fonts_and_no_missing_glyph(
    version, stage, tmp_path, caplog
):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = records.render_pdf(version, stage)
    assert pdf.startswith(b"%PDF-")
    assert [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()] == []
    text = text_of(pdf, tmp_path, stage)
    assert version.specification.code in text and "中式面点制作（重庆小面）" in text
    assert re.search(r"第1页/共\d+页", text)
    path = tmp_path / f"{stage}.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(line.split()[-5] == "yes" for line in rows), fonts  # every font embedded
    assert "CJK" in fonts


def test_the_argument_record_lists_each_opinion_and_the_duplicate_match(version, tmp_path):
    text = text_of(records.render_pdf(version, "argument"), tmp_path, "argument")
    assert "专家论证意见" in text
    for name in ["王建国", "李秀英", "张明", "刘洋", "陈静"]:
        assert name in text
    assert "修改后同意" in text  # the verdict's Chinese label
    assert "4-03-02-02" in text and "中式面点师" in text  # flagged: contains the 大典 occupation's name


def test_the_review_record_counts_three_to_two_and_says_it_passed(version, tmp_path):
    text = text_of(records.render_pdf(version, "review"), tmp_path, "review")
    assert "通过3票，不通过2票，共5票" in text
    assert "评审通过" in text and "王建国" in text


def test_the_filing_record_prints_the_reference_date_and_content(version, tmp_path):
    text = text_of(records.render_pdf(version, "filing"), tmp_path, "filing")
    assert "人社鉴函〔2026〕12号" in text
    assert timezone.localdate().isoformat() in text
    assert "能力单元1" in text and "知识要求2" in text and "每个考评组不少于3名" in text


def test_the_centre_downloads_a_record_and_a_stage_not_reached_is_not_found(version, client):
    centre = factories.centre_officer()
    client.force_login(centre)
    response = client.get(f"/specifications/versions/{version.pk}/records/review.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    early, _c, _e = factories.specification_in("argued")
    assert client.get(f"/specifications/versions/{early.pk}/records/argument.pdf").status_code == 404
