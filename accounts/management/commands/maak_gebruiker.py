from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ALLE_ROLLEN, STAFF_ROLLEN
from accounts.services import gebruiker_maak, totp_koppel


class Command(BaseCommand):
    help = (
        "Maak een gebruiker met een rol; medewerkers krijgen meteen een TOTP-koppeling (QR in de terminal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--rol", required=True, choices=ALLE_ROLLEN)
        parser.add_argument("--password", required=True)
        parser.add_argument("--naam", default="")

    def handle(self, *args, email, rol, password, naam, **options):
        from accounts.models import User

        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"Er bestaat al een gebruiker met e-mailadres {email}.")
        voornaam, _, achternaam = naam.partition(" ")
        user = gebruiker_maak(
            email=email, password=password, rol=rol, voornaam=voornaam, achternaam=achternaam
        )
        self.stdout.write(f"Gebruiker {user.email} aangemaakt met rol {rol}.")
        if rol in STAFF_ROLLEN:
            # Unconfirmed until the first code: the first login shows this QR code again and asks for it.
            device = totp_koppel(user=user, bevestigd=False)
            _print_totp(self.stdout, device)


def _print_totp(stdout, device) -> None:
    import segno

    stdout.write("Scan deze QR-code met een authenticator-app (of geef de app de otpauth://-koppeling):")
    stdout.write(device.config_url)
    segno.make(device.config_url).terminal(out=stdout, compact=True)
    if not device.confirmed:
        stdout.write(
            "Bij de eerste inlog toont de site deze QR-code opnieuw en vraagt de eerste code uit de app."
        )
