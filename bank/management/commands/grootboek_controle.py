"""``python manage.py grootboek_controle``: check every invariant of the ledger (see ``bank.controle``).

Prints one JSON line ``{"in_balans": true|false, "verschil": "0.00", "fouten": [...]}``; exit code 1 when
anything is off. The outcome is also stored, so a failure shows on the staff dashboard.
"""

import json
import sys

from django.core.management.base import BaseCommand

from bank.controle import grootboek_controleer


class Command(BaseCommand):
    help = "Controleer het grootboek van de derdengelden."

    def handle(self, *args, **options):
        uitkomst = grootboek_controleer(opslaan=True)
        self.stdout.write(json.dumps(uitkomst, ensure_ascii=False))
        if not uitkomst["in_balans"]:
            sys.exit(1)
