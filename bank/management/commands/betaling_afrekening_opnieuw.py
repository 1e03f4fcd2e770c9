"""``python manage.py betaling_afrekening_opnieuw BANKREGEL_ID``: book a payment provider's payout that waits in
the matching queue as its settlement after all (``bank.afrekening.afrekening_opnieuw``), once the reason it
waits is gone. Prints one JSON line; a payout that still does not agree books nothing (reason on stderr, exit 1).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from bank.afrekening import AfrekeningFout, afrekening_opnieuw
from inning.models import Bankregel


class Command(BaseCommand):
    help = "Boek een wachtende uitbetaling van de betaaldienst alsnog als afrekening."

    def add_arguments(self, parser):
        parser.add_argument("bankregel", type=int, help="id van de bankregel")

    def handle(self, *args, bankregel: int, **options):
        regel = Bankregel.objects.filter(pk=bankregel).first()
        if regel is None:
            raise CommandError(f"Bankregel {bankregel} bestaat niet.")
        try:
            afrekening = afrekening_opnieuw(bankregel=regel)
        except AfrekeningFout as fout:
            self.stderr.write(str(fout))
            sys.exit(1)
        self.stdout.write(
            json.dumps(
                {
                    "afrekening": afrekening.referentie or afrekening.provider_id,
                    "betalingen": afrekening.betalingen.count(),
                    "bruto": str(afrekening.bruto),
                    "kosten": str(afrekening.kosten),
                    "netto": str(afrekening.netto),
                }
            )
        )
