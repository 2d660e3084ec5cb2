"""The duplicate check of 论证: a proposal whose name matches an occupation of the 大典 or an existing
specification is flagged with the match, which the version's page shows to those who see its workings."""

import pytest

from specifications.duplicates import compare, find_duplicates, normalised
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("茶艺师", "茶艺"),
        ("养老护理员", "养老护理"),
        ("中式面点制作（重庆小面）", "中式面点制作重庆小面"),
        ("电工", "电"),
    ],
)
def test_normalised_names(name, expected):
    assert normalised(name) == expected


def test_a_name_that_is_an_occupation_without_its_suffix_is_the_same():
    (match,) = [m for m in find_duplicates("茶艺") if m.code == "4-03-02-07"]
    assert (match.kind, match.name, match.how, match.ratio) == ("occupation", "茶艺师", "same", 1.0)


def test_a_name_holding_an_occupations_name_is_flagged_as_containing_it():
    matches = {m.code: m.how for m in find_duplicates("中式面点制作（重庆小面）")}
    assert matches.get("4-03-02-02") == "contains"  # 中式面点师


def test_an_unrelated_name_finds_nothing():
    assert find_duplicates("榨菜腌制加工") == []


def test_similar_names_reach_the_threshold():
    assert compare("火锅底料制作", "火锅底料炒制", threshold=0.8) == ("similar", 0.83)
    assert compare("火锅调料炒制", "火锅底料制作", threshold=0.8) is None  # ratio 0.67
    assert compare("火锅调料炒制", "火锅底料制作", threshold=0.6) == ("similar", 0.67)


def test_an_existing_specification_is_matched_and_a_shared_occupation_lowers_the_bar():
    existing = factories.proposed_specification(name="火锅底料制作", occupations=["4-03-02-01"])
    unrelated = factories.proposed_specification(name="重庆火锅底料炒制技艺")  # ratio 0.62
    related = factories.proposed_specification(name="重庆火锅底料炒制技艺", occupations=["4-03-02-01"])
    assert not any(m["code"] == existing.specification.code for m in unrelated.duplicates)
    (match,) = [m for m in related.duplicates if m["code"] == existing.specification.code]
    assert (match["kind"], match["how"]) == ("specification", "similar")


def test_a_rejected_specification_is_no_duplicate():
    rejected, _centre, _experts = factories.specification_in(
        "rejected", version=factories.proposed_specification(name="无人机植保作业")
    )
    again = factories.proposed_specification(name="无人机植保作业")
    assert not any(m["code"] == rejected.specification.code for m in again.duplicates)


def test_the_page_shows_the_matches_during_the_argument(client):
    version, centre, experts = factories.specification_in(
        "argued", version=factories.proposed_specification(name="茶艺")
    )
    for user, shown in ((centre, True), (experts[0], True)):
        client.force_login(user)
        page = client.get(version.get_absolute_url()).content.decode()
        assert ('data-code="4-03-02-07"' in page) is shown
