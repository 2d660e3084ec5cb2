"""Bulk-made filed bodies with scope, for benchmarks and read tests (no history: not for demo data)."""

import datetime
import random

from django.utils import timezone

from registry.identifiers import credit_code
from registry.models import AssessmentBody, District, Occupation, ScopeLine
from registry.models.body import BodyKind


def make_filed_bodies(count: int, *, seed: int = 1, start: int = 500_000) -> list[AssessmentBody]:
    rng = random.Random(seed)
    districts = list(District.objects.all())
    occupations = list(Occupation.objects.filter(major_group__in=[4, 6])[:300])
    today = timezone.localdate()
    kinds = list(BodyKind.values)
    bodies = []
    for i in range(count):
        kind = kinds[i % 3]
        letter = "Y" if kind == BodyKind.EMPLOYER else "S"
        district = districts[i % len(districts)]
        valid_from = today - datetime.timedelta(days=rng.randint(0, 900))
        bodies.append(
            AssessmentBody(
                name=f"重庆第{start + i}号职业技能评价机构",
                credit_code=credit_code(start + i, district_code=district.code),
                kind=kind,
                district=district,
                status="active",
                filing_no=f"{letter}000050{start + i:06d}"[:13],
                valid_from=valid_from,
                valid_to=valid_from + datetime.timedelta(days=3 * 365),
            )
        )
    bodies = AssessmentBody.objects.bulk_create(bodies, batch_size=500)
    if not bodies[0].pk:  # backends that return no ids from bulk_create
        bodies = list(AssessmentBody.objects.filter(filing_no__in=[b.filing_no for b in bodies]))
    ScopeLine.objects.bulk_create(
        (
            ScopeLine(body=body, occupation=occ, level=rng.choice([5, 4, 3]), effective_from=body.valid_from)
            for body in bodies
            for occ in rng.sample(occupations, 3)
        ),
        batch_size=1000,
    )
    return bodies
