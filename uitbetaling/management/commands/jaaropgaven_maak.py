"""Make the yearly statements of one year now, in this process (the January beat queues them instead)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from uitbetaling.jaaropgave import jaaropgave_pdf_maak, jaaropgaven_maak


class Command(BaseCommand):
    help = (
        "Maak de jaaropgaven van een jaar (cliënten en debiteuren): PDF, e-mail of brief. "
        "Nogmaals draaien maakt en verstuurt niets dubbel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jaar", type=int, default=None, help="Het jaar (standaard: vorig jaar).")

    def handle(self, *args, jaar=None, **options):
        jaar = jaar or timezone.localdate().year - 1
        if not 2000 <= jaar <= timezone.localdate().year:
            raise CommandError(f"Ongeldig jaar: {jaar}.")
        ids = jaaropgaven_maak(jaar=jaar, in_wachtrij=False)
        for jaaropgave_id in ids:
            jaaropgave_pdf_maak(jaaropgave_id=jaaropgave_id)
        self.stdout.write(f"jaaropgaven {jaar}: {len(ids)} gemaakt of afgemaakt")
