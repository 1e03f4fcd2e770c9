from django.core.management.base import BaseCommand, CommandError

from accounts.services import totp_koppel

from .maak_gebruiker import _print_totp


class Command(BaseCommand):
    help = "Koppel (opnieuw) een authenticator-app aan een medewerker, bijvoorbeeld de eerste beheerder."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)

    def handle(self, *args, email, **options):
        from accounts.models import User

        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as exc:
            raise CommandError(f"Geen gebruiker met e-mailadres {email}.") from exc
        try:
            device = totp_koppel(user=user, bevestigd=False)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        _print_totp(self.stdout, device)
