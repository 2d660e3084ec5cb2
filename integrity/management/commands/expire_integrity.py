from django.core.management.base import BaseCommand

from integrity.services import expire_windows


class Command(BaseCommand):
    help = "End integrity entries whose publication window has passed and apply the consequences. Idempotent."

    def handle(self, **options):
        ended = expire_windows()
        for entry in ended:
            self.stdout.write(
                f"window ended {entry.published_until}: {entry.get_subject_type_display()} {entry.subject_name} "
                f"· {entry.get_kind_display()} (entry {entry.pk})"
            )
        self.stdout.write(f"{len(ended)} entries ended.")
