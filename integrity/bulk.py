"""Bulk-made, correctly chained entries for benchmarks and large tests (same hashes as `append`)."""

import datetime
import random

from django.utils import timezone

from integrity import chain as chains
from integrity.models import GENESIS, Chain, Entry, EntryKind, Link
from integrity.services import windows


def make_chained_entries(count: int, *, subjects: int = 1000, seed: int = 1) -> int:
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    per_subject = max(1, count // subjects)
    kinds = [EntryKind.MINOR, EntryKind.GENERAL, EntryKind.SERIOUS, EntryKind.COMMENDATION]
    for subject in range(subjects):
        n = per_subject if subject < subjects - 1 else count - made
        if n <= 0:
            break
        chain = Chain.objects.create(subject_type="examiner", subject_id=900_000 + subject)
        prev, links, entries = GENESIS, [], []
        for seq in range(1, n + 1):
            kind = rng.choice(kinds)
            occurred = today - datetime.timedelta(days=rng.randint(0, 900))
            repairable, published = windows(kind, occurred)
            entry = Entry(
                subject_type="examiner",
                subject_id=chain.subject_id,
                subject_name=f"考评员{subject}",
                subject_code="",
                kind=kind,
                points={"minor": -5, "general": -20, "serious": -50, "commendation": 5}[kind],
                basis="manual",
                description="批量生成的测试记录",
                occurred_on=occurred,
                published_until=published,
                repairable_from=repairable,
                recorded_at=now,
                evidence_ref="",
                evidence_sha256="",
            )
            content = chains.canonical(
                chains.entry_payload({f: getattr(entry, f) for f in Entry.HASHED_FIELDS})
            )
            digest = chains.link_hash(prev, "entry", seq, content)
            links.append(
                Link(chain=chain, seq=seq, kind="entry", content=content, prev_hash=prev, hash=digest)
            )
            entries.append(entry)
            prev = digest
        Link.objects.bulk_create(links, batch_size=1000)
        links = list(Link.objects.filter(chain=chain).order_by("seq"))
        for entry, link in zip(entries, links, strict=True):
            entry.link = link
        Entry.objects.bulk_create(entries, batch_size=1000)
        chain.length, chain.head_hash = n, prev
        chain.save(update_fields=["length", "head_hash"])
        made += n
    return made
