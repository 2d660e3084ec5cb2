"""The duplicate check of 论证: a proposed specification must not overlap an occupation of the 大典 or an
existing specification. It flags, it does not refuse: the experts judge the matches it shows.

Explainable on purpose. Names are compared after dropping spaces, punctuation and brackets (their words
kept) and a trailing 工/员/师/人员; a match is one of
- "same": the two names are then equal (茶艺 and 茶艺师);
- "contains" / "contained": one holds the other whole, the shorter at least
  SPECIFICATION_DUPLICATE_MIN_CONTAINED characters (中式面点制作 and 中式面点);
- "similar": difflib's ratio of the two is at least SPECIFICATION_DUPLICATE_SIMILARITY (0.8), or
  SPECIFICATION_DUPLICATE_SIMILARITY_SAME_OCCUPATION (0.6) against a specification that shares a
  related occupation with the proposal.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from django.conf import settings

from registry.models import Occupation

SUFFIXES = ("人员", "工", "员", "师")
_DROPPED = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    kind: str  # "occupation" or "specification"
    code: str
    name: str
    how: str  # "same", "contains", "contained" or "similar"
    ratio: float

    def as_dict(self) -> dict:
        return asdict(self)


def normalised(name: str) -> str:
    """The name as compared: NFKC (full-width brackets become plain), no spaces or punctuation, no
    trailing 工/员/师/人员."""
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", name))
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def compare(proposed: str, other: str, *, threshold: float) -> tuple[str, float] | None:
    """How `proposed` matches `other` (both already normalised) and their ratio, or None."""
    if not proposed or not other:
        return None
    ratio = round(SequenceMatcher(None, proposed, other).ratio(), 2)
    if proposed == other:
        return "same", 1.0
    shorter = min(len(proposed), len(other))
    if shorter >= settings.SPECIFICATION_DUPLICATE_MIN_CONTAINED:
        if other in proposed:
            return "contains", ratio
        if proposed in other:
            return "contained", ratio
    if ratio >= threshold:
        return "similar", ratio
    return None


def find_duplicates(
    name: str, *, occupation_ids=(), specifications=(), exclude_specification: int | None = None
) -> list[Match]:
    """The 大典 occupations and the specifications whose names match `name`, best first.

    `specifications` are (id, code, name, related occupation ids) of the specifications to compare with;
    `exclude_specification` is the proposal's own (a revision does not duplicate itself)."""
    proposed = normalised(name)
    found = []
    similar = settings.SPECIFICATION_DUPLICATE_SIMILARITY
    for code, occupation_name in Occupation.objects.values_list("code", "name"):
        how = compare(proposed, normalised(occupation_name), threshold=similar)
        if how:
            found.append(Match("occupation", code, occupation_name, *how))
    mine = set(occupation_ids)
    for spec_id, code, spec_name, related in specifications:
        if spec_id == exclude_specification:
            continue
        threshold = (
            settings.SPECIFICATION_DUPLICATE_SIMILARITY_SAME_OCCUPATION if mine & set(related) else similar
        )
        how = compare(proposed, normalised(spec_name), threshold=threshold)
        if how:
            found.append(Match("specification", code, spec_name, *how))
    order = {"same": 0, "contains": 1, "contained": 1, "similar": 2}
    return sorted(found, key=lambda m: (order[m.how], -m.ratio, m.kind, m.code))
