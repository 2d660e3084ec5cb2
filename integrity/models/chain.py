"""The tamper-evident log: per subject, a chain of links, each hashing its content and the previous hash.

Links are only ever appended (integrity.chain.append, under a row lock on the chain); nothing updates
or deletes them. `verify_integrity` recomputes every hash and compares every entry with its link.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class Chain(models.Model):
    """One subject's chain: its length and the hash of its last link (checked against the links)."""

    subject_type = models.CharField(max_length=12)
    subject_id = models.PositiveBigIntegerField()
    length = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="one_chain_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id}"


class LinkKind(models.TextChoices):
    ENTRY = "entry", _("Entry recorded")
    OBJECTION = "objection", _("Objection filed")
    OBJECTION_DECISION = "objection_decision", _("Objection decided")
    REPAIR = "repair", _("Credit repair applied for")
    REPAIR_DECISION = "repair_decision", _("Credit repair decided")


class Link(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.PROTECT, related_name="links")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    # The canonical JSON text that was hashed, byte for byte (a JSON column would re-format it).
    content = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="one_link_per_position")]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.kind}"

    @property
    def payload(self) -> dict:
        import json

        return json.loads(self.content)
