import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.management.commands.demo_logins import DEMO_GEBRUIKERS, demo_gebruikers_maak
from demo.seed import LAATSTE_SECONDEN, demo_brieven_pdf, demo_plan, demo_schrijf
from dossiers.models import Dossier
from tarieven.selectors import kalender


class Command(BaseCommand):
    help = (
        "Maakt realistische, deterministische demodata: gebruikers, dossiers en hun geschiedenis (betalingen "
        "in het grootboek, brieven, regelingen, deurwaardertrajecten)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--als-leeg", action="store_true", help="alleen als er nog geen dossiers zijn")
        parser.add_argument(
            "--zonder-pdf",
            action="store_true",
            help="geen PDF's maken voor de brieven van de democliënt (sneller; de brieven staan er wel)",
        )

    def _voortgang(self, klaar: int, totaal: int, seconden: float) -> None:
        self.stdout.write(f"  {klaar}/{totaal} dossiers ({seconden:.1f} s voor dit blok)")
        self.stdout.flush()

    def handle(self, *args, dossiers, seed, als_leeg, zonder_pdf=False, **options):
        begin = time.perf_counter()
        users = demo_gebruikers_maak()
        self.stdout.write("Demogebruikers aanwezig.")
        if als_leeg and Dossier.objects.exists():
            self.stdout.write("Er zijn al dossiers; geen demodossiers toegevoegd.")
            return
        per_email = {u.email: u for u in users}
        casemanagers = [per_email[e] for e, rol, _n in DEMO_GEBRUIKERS if rol == "casemanager"]
        client_users = {e: per_email[e] for e, rol, _n in DEMO_GEBRUIKERS if rol == "client"}
        vandaag = timezone.localdate()
        kal = kalender()
        t0 = time.perf_counter()
        plan = demo_plan(aantal=dossiers, seed=seed, vandaag=vandaag, kalender=kal)
        t1 = time.perf_counter()
        telling = demo_schrijf(
            plan=plan,
            casemanagers=casemanagers,
            client_users=client_users,
            seed=seed,
            vandaag=vandaag,
            kalender=kal,
            voortgang=self._voortgang if dossiers > 5000 else None,
        )
        t2 = time.perf_counter()
        pdfs = (
            0
            if zonder_pdf
            else demo_brieven_pdf(email="client@demo.nlai.nl", dossiers=telling.get("Dossier", 0))
        )
        t3 = time.perf_counter()
        aantal = telling.get("Dossier", 0)
        self.stdout.write(f"{aantal} demodossiers aangemaakt (seed {seed}).")
        rijen = sum(telling.values())
        for model, n in sorted(telling.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {model:<22} {n:>10}")
        delen = ", ".join(f"{k} {v:.1f} s" for k, v in LAATSTE_SECONDEN.items())
        self.stdout.write(f"Schrijven: {delen}.")
        self.stdout.write(
            f"Tijd: {t3 - begin:.1f} s totaal (plan {t1 - t0:.1f} s, schrijven {t2 - t1:.1f} s, "
            f"{pdfs} PDF's {t3 - t2:.1f} s); {rijen} rijen, {rijen / max(t2 - t1, 1e-9):,.0f} rijen/s."
        )
