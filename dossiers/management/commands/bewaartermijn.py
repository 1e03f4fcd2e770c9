"""Apply the AVG retention policy now, or with --dry-run list what it would anonymise and what it skips."""

from datetime import date

from django.core.management.base import BaseCommand

from dossiers.privacy import bewaartermijn_plan, bewaartermijn_toepas


class Command(BaseCommand):
    help = "Anonimiseer gesloten dossiers waarvan de bewaartermijn verstreken is (AVG)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen, niets wijzigen")
        parser.add_argument("--peildatum", type=date.fromisoformat, default=None, help="JJJJ-MM-DD")

    def handle(self, *args, dry_run: bool, peildatum: date | None, **options):
        if dry_run:
            for groep in bewaartermijn_plan(peildatum=peildatum or date.today()):
                nummers = ", ".join(sorted(d.nummer for d in groep.dossiers))
                if groep.redenen:
                    self.stdout.write(f"overslaan {nummers}: {'; '.join(groep.redenen)}")
                else:
                    self.stdout.write(f"anonimiseren {nummers}")
            return
        run = bewaartermijn_toepas(peildatum=peildatum)
        self.stdout.write(
            f"{len(run.dossiers)} dossiers geanonimiseerd, {len(run.overgeslagen)} groepen overgeslagen "
            f"(run {run.pk})."
        )
