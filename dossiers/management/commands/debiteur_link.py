"""``python manage.py debiteur_link DOSSIERNUMMER``: print a one-time sign-in link for the debtor, valid 14
days, for staff to send by e-mail or SMS. Each run makes a new link; earlier links stay valid until used."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from dossiers.debiteur_toegang import LINK_GELDIG_DAGEN, link_maak
from dossiers.models import Dossier


class Command(BaseCommand):
    help = "Maak een eenmalige inloglink (14 dagen geldig) voor de debiteur van een dossier."

    def add_arguments(self, parser):
        parser.add_argument("dossiernummer")

    def handle(self, *args, dossiernummer: str, **options):
        dossier = Dossier.objects.filter(nummer__iexact=dossiernummer.strip()).first()
        if dossier is None:
            raise CommandError(f"Dossier {dossiernummer} bestaat niet.")
        token = link_maak(dossier=dossier, dagen=LINK_GELDIG_DAGEN)
        self.stdout.write(settings.SITE_URL.rstrip("/") + reverse("debiteur:link", kwargs={"token": token}))
