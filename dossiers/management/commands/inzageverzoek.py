"""Answer an access request (art. 15 AVG) from the command line: prints the path of the archive."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import is_staff_rol
from dossiers.inzage import inzageverzoek_maak
from dossiers.models import Client, Debiteur


class Command(BaseCommand):
    help = "Maak het inzagearchief van een cliënt of debiteur en leg het verzoek vast."

    def add_arguments(self, parser):
        wie = parser.add_mutually_exclusive_group(required=True)
        wie.add_argument("--client", type=int)
        wie.add_argument("--debiteur", type=int)
        parser.add_argument("--door", required=True, help="e-mailadres van de behandelende medewerker")
        parser.add_argument("--gevraagd-door", default="betrokkene zelf", help="wie het verzoek deed")

    def handle(self, *args, client, debiteur, door, gevraagd_door, **options):
        medewerker = User.objects.filter(email__iexact=door).first()
        if medewerker is None or not is_staff_rol(medewerker):
            raise CommandError(f"Geen medewerker met e-mailadres {door}.")
        try:
            persoon = (
                {"client": Client.objects.get(pk=client)}
                if client
                else {"debiteur": Debiteur.objects.get(pk=debiteur)}
            )
        except (Client.DoesNotExist, Debiteur.DoesNotExist) as exc:
            raise CommandError("Onbekende cliënt of debiteur.") from exc
        verzoek = inzageverzoek_maak(**persoon, gevraagd_door=gevraagd_door, door=medewerker)
        self.stdout.write(verzoek.archief.path)
