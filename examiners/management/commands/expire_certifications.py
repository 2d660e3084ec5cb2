from django.core.management.base import BaseCommand

from examiners.services import expire_lapsed


class Command(BaseCommand):
    help = "Move examiner and supervisor certifications whose validity has lapsed to 'expired'. Idempotent."

    def handle(self, **options):
        changed = expire_lapsed()
        for certification in changed:
            self.stdout.write(
                f"expired {certification.certificate_no} {certification.person.name} "
                f"({certification.get_role_display()}, valid to {certification.valid_to})"
            )
        self.stdout.write(f"{len(changed)} certifications expired.")
