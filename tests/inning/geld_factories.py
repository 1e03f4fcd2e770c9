"""Test data for the money tests: clients, debtors and dossiers with a monthly obligation."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from dossiers.models import Client, Debiteur, Dossier, Verplichting

_teller = itertools.count(1)


def rf_kenmerk(referentie: str) -> str:
    """A valid ISO 11649 creditor reference (RF + 2 check digits + reference)."""
    omgezet = "".join(str(int(c, 36)) for c in referentie + "RF00")
    check = 98 - int(omgezet) % 97
    return f"RF{check:02d}{referentie}"


def maak_client(naam: str = "Clara Cliënt", **kw) -> Client:
    return Client.objects.create(naam=naam, uitbetaal_iban="NL91ABNA0417164300", **kw)


def maak_dossier(
    *,
    client: Client | None = None,
    debiteur_naam: str = "Dirk Debiteur",
    debiteur_iban: str = "",
    bedrag: Decimal | None = Decimal("450.00"),
    ingangsdatum: date = date(2026, 1, 1),
    einddatum: date | None = None,
    wettelijke_rente: bool = False,
) -> Dossier:
    n = next(_teller)
    client = client or maak_client()
    debiteur = Debiteur.objects.create(naam=debiteur_naam, iban=debiteur_iban)
    dossier = Dossier.objects.create(
        nummer=f"D-2026-{n:05d}",
        betaalkenmerk=rf_kenmerk(f"2026{n:07d}"),
        client=client,
        debiteur=debiteur,
        status=Dossier.Status.ACTIEF,
        volgende_actie="Betaling afwachten",
        volgende_actie_datum=date(2026, 12, 31),
        wettelijke_rente=wettelijke_rente,
    )
    if bedrag is not None:
        Verplichting.objects.create(
            dossier=dossier,
            soort=Verplichting.Soort.KINDERALIMENTATIE,
            kind_naam="Kim",
            bedrag=bedrag,
            vervaldag=1,
            vastgesteld_op=date(2025, 12, 1),
            ingangsdatum=ingangsdatum,
            einddatum=einddatum,
            indexeren=False,
        )
    return dossier
