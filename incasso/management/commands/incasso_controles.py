"""Run the daily sweeps of the collection workflow by hand (they also run from Celery beat)."""

from django.core.management.base import BaseCommand

from incasso import services


class Command(BaseCommand):
    help = (
        "Controleer regelingen, toestemmingen, stagnatie en statusupdates (zoals de dagelijkse beat-taken)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"regelingen: {services.regeling_controle()}")
        self.stdout.write(f"toestemmingen: {services.toestemming_controle()}")
        self.stdout.write(f"stagnatie: {services.stagnatie_controle()}")
        self.stdout.write(f"statusupdates: {services.statusupdate_periodiek_stuur()}")
