from django.core.management.base import BaseCommand

from accounts.management.commands.demo_logins import demo_gebruikers_maak


class Command(BaseCommand):
    help = "Maakt realistische, deterministische demodata (gebruikers en dossiers)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--als-leeg", action="store_true", help="alleen als er nog geen dossiers zijn")

    def handle(self, *args, dossiers, seed, als_leeg, **options):
        demo_gebruikers_maak()
        self.stdout.write("Demogebruikers aanwezig.")
