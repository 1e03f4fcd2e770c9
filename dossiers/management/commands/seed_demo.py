from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.management.commands.demo_logins import DEMO_GEBRUIKERS, demo_gebruikers_maak


class Command(BaseCommand):
    help = "Maakt realistische, deterministische demodata (gebruikers en dossiers)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--als-leeg", action="store_true", help="alleen als er nog geen dossiers zijn")

    def handle(self, *args, dossiers, seed, als_leeg, **options):
        from dossiers.demo import demo_plan, demo_schrijf
        from dossiers.models import Dossier

        users = demo_gebruikers_maak()
        self.stdout.write("Demogebruikers aanwezig.")
        if als_leeg and Dossier.objects.exists():
            self.stdout.write("Er zijn al dossiers; geen demodossiers toegevoegd.")
            return
        per_email = {u.email: u for u in users}
        casemanagers = [per_email[e] for e, rol, _n in DEMO_GEBRUIKERS if rol == "casemanager"]
        client_users = {e: per_email[e] for e, rol, _n in DEMO_GEBRUIKERS if rol == "client"}
        plan = demo_plan(aantal=dossiers, seed=seed, vandaag=timezone.localdate())
        aantal = demo_schrijf(plan=plan, casemanagers=casemanagers, client_users=client_users)
        self.stdout.write(f"{aantal} demodossiers aangemaakt (seed {seed}).")
