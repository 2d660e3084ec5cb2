"""Appending to and verifying the hash chains."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from integrity.models import GENESIS, Chain, Entry, Link


def canonical(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def link_hash(prev_hash: str, kind: str, seq: int, content: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{kind}|{seq}|{content}".encode()).hexdigest()


def entry_payload(values: dict) -> dict:
    """The hashed facts of an entry, from a model instance's or a values() row's fields."""
    out = {}
    for field in Entry.HASHED_FIELDS:
        value = values[field]
        if isinstance(value, datetime.datetime):
            value = value.isoformat(timespec="microseconds")
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        out[field] = value
    return out


def append(*, subject_type: str, subject_id: int, kind: str, payload: dict) -> Link:
    """Add a link at the end of the subject's chain; the chain row lock serialises concurrent writers."""
    with transaction.atomic():
        Chain.objects.get_or_create(subject_type=subject_type, subject_id=subject_id)
        chain = Chain.objects.select_for_update().get(subject_type=subject_type, subject_id=subject_id)
        seq = chain.length + 1
        content = canonical(payload)
        digest = link_hash(chain.head_hash, kind, seq, content)
        link = Link.objects.create(
            chain=chain, seq=seq, kind=kind, content=content, prev_hash=chain.head_hash, hash=digest
        )
        chain.length, chain.head_hash = seq, digest
        chain.save(update_fields=["length", "head_hash"])
        return link


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int | None
    link_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"chain {self.chain}" + (
            f", link #{self.seq} (id {self.link_id})" if self.seq is not None else ""
        )
        return f"{where}: {self.problem}"


def verify() -> tuple[int, list[Break]]:
    """Walk every chain; return (links checked, breaks found in chain order, first first)."""
    breaks: list[Break] = []
    chains = {c.pk: c for c in Chain.objects.all()}
    checked = 0
    current_chain, expected_prev, expected_seq = None, GENESIS, 1
    entry_links: dict[int, tuple[str, str, int]] = {}

    def close(chain: Chain | None, last_hash: str, count: int) -> None:
        if chain is None:
            return
        if chain.length != count or chain.head_hash != last_hash:
            breaks.append(
                Break(
                    str(chain),
                    None,
                    None,
                    f"chain head says {chain.length} links ending {chain.head_hash[:12]}…, "
                    f"found {count} ending {last_hash[:12]}… (a link was deleted or added out of band)",
                )
            )

    rows = Link.objects.order_by("chain_id", "seq").values_list(
        "id", "chain_id", "seq", "kind", "content", "prev_hash", "hash"
    )
    count = 0
    seen_chains: set[int] = set()
    lifted_by_decision: set[int] = set()
    for link_id, chain_id, seq, kind, content, prev_hash, digest in rows.iterator(chunk_size=5000):
        checked += 1
        seen_chains.add(chain_id)
        if chain_id != current_chain:
            close(chains.get(current_chain), expected_prev, count)
            current_chain, expected_prev, expected_seq, count = chain_id, GENESIS, 1, 0
        label = str(chains[chain_id])
        count += 1
        if seq != expected_seq:
            breaks.append(
                Break(label, seq, link_id, f"expected link #{expected_seq} here (missing or inserted link)")
            )
        if prev_hash != expected_prev:
            breaks.append(Break(label, seq, link_id, "does not follow the previous link's hash"))
        if link_hash(prev_hash, kind, seq, content) != digest:
            breaks.append(Break(label, seq, link_id, "content does not match its hash (edited)"))
        if kind == "entry":
            entry_links[link_id] = (content, label, seq)
        elif kind in ("objection_decision", "repair_decision"):
            decision = json.loads(content)
            if decision.get("outcome") in ("overturned", "granted"):
                lifted_by_decision.add(decision.get("entry"))
        expected_prev, expected_seq = digest, seq + 1
    close(chains.get(current_chain), expected_prev, count)
    for chain in chains.values():
        if chain.pk not in seen_chains and chain.length:
            breaks.append(Break(str(chain), None, None, f"chain head says {chain.length} links, none found"))

    fields = ["id", "link_id", "lifted_on", *Entry.HASHED_FIELDS]
    for row in Entry.objects.order_by("pk").values(*fields).iterator(chunk_size=5000):
        known = entry_links.pop(row["link_id"], None)
        if known is None:
            breaks.append(
                Break(
                    "?", None, row["link_id"], f"entry {row['id']} has no entry link (inserted out of band)"
                )
            )
            continue
        content, label, seq = known
        if (row["lifted_on"] is not None) != (row["id"] in lifted_by_decision):
            breaks.append(
                Break(
                    label,
                    seq,
                    row["link_id"],
                    f"entry {row['id']} is shown as lifted or not against the decisions",
                )
            )
        if content != canonical(entry_payload(row)):
            breaks.append(
                Break(
                    label, seq, row["link_id"], f"entry {row['id']} differs from what was recorded (edited)"
                )
            )
    for link_id, (_content, label, seq) in entry_links.items():
        breaks.append(Break(label, seq, link_id, "the entry this link records is missing (deleted)"))
    return checked, breaks
