"""``python manage.py bankafschrift_import PATH``: import a CAMT.053 or MT940 file.

Prints exactly one JSON line ``{"regels": n, "nieuw": n, "al_bekend": n, "gematcht": n, "ongematcht": n}``.
A defective file stores nothing: the reason with its line number goes to stderr and the exit code is 1. A
booking that stops on an error leaves the statement "mislukt" with its reason (stderr, exit code 1).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bank.bestand import BestandFout
from bank.services import bankafschrift_maak, bankafschrift_verwerk


class Command(BaseCommand):
    help = "Importeer een bankafschrift (CAMT.053 of MT940) en koppel de ontvangsten."

    def add_arguments(self, parser):
        parser.add_argument("pad", help="pad naar het CAMT.053- of MT940-bestand")

    def handle(self, *args, pad: str, **options):
        bestand = Path(pad)
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {pad}")
        try:
            with bestand.open("rb") as f:  # read in pieces, never whole (a day's file is tens of MB)
                afschrift = bankafschrift_maak(bestandsnaam=bestand.name, inhoud=f)
        except BestandFout as fout:
            self.stderr.write(f"Bestand afgewezen, er is niets opgeslagen. {fout}")
            sys.exit(1)
        resultaat = bankafschrift_verwerk(afschrift_id=afschrift.pk)
        if "fout" in resultaat:
            self.stderr.write(resultaat["fout"])
            sys.exit(1)
        self.stdout.write(json.dumps(resultaat))
