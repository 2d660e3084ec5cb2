from django.core.management.base import BaseCommand

from registry.services import expire_lapsed_bodies


class Command(BaseCommand):
    help = "Move bodies whose filing validity has lapsed to 'expired'. Idempotent; run daily."

    def handle(self, **options):
        changed = expire_lapsed_bodies()
        for body in changed:
            self.stdout.write(f"expired {body.filing_no} {body.name} (valid to {body.valid_to})")
        self.stdout.write(f"{len(changed)} bodies expired.")
