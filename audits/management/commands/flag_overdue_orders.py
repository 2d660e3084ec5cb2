from django.core.management.base import BaseCommand

from audits.services.orders import flag_overdue_orders


class Command(BaseCommand):
    help = "Propose suspension (to the centre) for every rectification order unanswered after its deadline. Idempotent; run daily."

    def handle(self, **options):
        made = flag_overdue_orders()
        for proposal in made:
            self.stdout.write(
                f"proposed {proposal.order.number} {proposal.body.name} (due {proposal.order.deadline})"
            )
        self.stdout.write(f"{len(made)} suspension proposals made.")
