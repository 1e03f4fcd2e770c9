"""Factories and ledger helpers for the payout tests.

Receipts and direct payments are booked with the recipes of ``inning.ledger`` (its module docstring), with
the commission from ``recht.provisie`` at the seeded 12% / 21% tariff, so the payout app is tested on
the same ledger state the money app produces.
"""

from datetime import date
from decimal import Decimal as D
from itertools import count

import factory
import pytest

from dossiers.models import Client, Debiteur, Dossier
from inning.ledger import journaalpost_boek, rekening
from inning.models import Ontvangst, Toewijzing
from recht.provisie import provisie_bereken

PROVISIE_PCT = D("12")
BTW_PCT = D("21")
_teller = count(1)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    naam = factory.Sequence(lambda n: f"Clara Cliënt {n}")
    email = factory.Sequence(lambda n: f"clara{n}@example.nl")
    straat = "Lindelaan 3"
    postcode = "3512 AB"
    woonplaats = "Utrecht"
    uitbetaal_iban = "NL02RABO0123456789"
    uitbetaal_tenaamstelling = factory.LazyAttribute(lambda o: o.naam)


class DebiteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debiteur

    naam = factory.Sequence(lambda n: f"Bram Betaler {n}")
    geboortedatum = date(1980, 5, 17)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    nummer = factory.Sequence(lambda n: f"U2026-{n:05d}")
    betaalkenmerk = factory.Sequence(lambda n: f"RF99UITB{n:08d}")
    client = factory.SubFactory(ClientFactory)
    debiteur = factory.SubFactory(DebiteurFactory)
    status = Dossier.Status.ACTIEF
    volgende_actie = "Betaling afwachten"
    volgende_actie_datum = date(2026, 12, 1)


def ontvangst_boek(dossier: Dossier, bedrag: D, datum: date = date(2026, 11, 16)) -> Toewijzing:
    """A bank receipt matched to ``dossier``: bank entry + allocation entry with commission."""
    n = next(_teller)
    bedrag = D(bedrag)
    journaalpost_boek(
        datum=datum,
        omschrijving=f"Bankontvangst {bedrag}",
        regels=[(rekening("bank_derdengelden"), bedrag), (rekening("ongealloceerd"), -bedrag)],
        bron_type="bankregel",
        bron_id=n,
        sleutel=f"test-bank:{n}",
    )
    p = provisie_bereken(bedrag=bedrag, percentage=PROVISIE_PCT, btw_percentage=BTW_PCT)
    post = journaalpost_boek(
        datum=datum,
        omschrijving=f"Ontvangst {dossier.nummer}",
        regels=[
            (rekening("ongealloceerd"), bedrag),
            (rekening("verschuldigd_aan_client", client=dossier.client), -p.naar_client),
            (rekening("provisie_nog_over_te_boeken"), -p.provisie),
            (rekening("vordering_op_derdengelden"), p.provisie),
            (rekening("provisie_opbrengst"), -(p.provisie - p.waarvan_btw)),
            (rekening("btw_af_te_dragen"), -p.waarvan_btw),
        ],
        bron_type="toewijzing",
        bron_id=n,
        sleutel=f"test-toewijzing:{n}",
    )
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK,
        dossier=dossier,
        datum=datum,
        bedrag=bedrag,
        status=Ontvangst.Status.GEMATCHT,
        sleutel=f"test-ontvangst:{n}",
    )
    return Toewijzing.objects.create(
        ontvangst=ontvangst,
        dossier=dossier,
        post=post,
        provisie=p.provisie,
        btw=p.waarvan_btw,
        naar_client=p.naar_client,
        kosten=D("0.00"),
        automatisch=True,
    )


def directe_betaling_boek(dossier: Dossier, bedrag: D, datum: date = date(2026, 11, 16)) -> None:
    """A confirmed direct payment: only the commission is booked, owed by the client."""
    n = next(_teller)
    p = provisie_bereken(bedrag=D(bedrag), percentage=PROVISIE_PCT, btw_percentage=BTW_PCT)
    if p.provisie == 0:  # 12% of a few cents rounds to nothing: no entry
        return
    journaalpost_boek(
        datum=datum,
        omschrijving=f"Provisie over rechtstreekse betaling {bedrag}",
        regels=[
            (rekening("provisie_te_verrekenen", client=dossier.client), p.provisie),
            (rekening("provisie_opbrengst"), -(p.provisie - p.waarvan_btw)),
            (rekening("btw_af_te_dragen"), -p.waarvan_btw),
        ],
        bron_type="directe_betaling",
        bron_id=n,
        sleutel=f"test-direct:{n}",
    )


@pytest.fixture
def tweede_financieel(maak_gebruiker):
    return maak_gebruiker("financieel", voornaam="Fien", achternaam="Tweede")


@pytest.fixture
def provisie_tarief(db):
    """The seeded 12% commission row and 21% VAT row (re-created when a transactional test flushed the seed
    data)."""
    from tarieven.models import BtwTarief, ProvisieTarief

    if not ProvisieTarief.objects.exists():
        ProvisieTarief.objects.create(
            vanaf=date(2000, 1, 1), percentage=PROVISIE_PCT, bron="test", bevestigd=True
        )
    if not BtwTarief.objects.exists():
        BtwTarief.objects.create(vanaf=date(2012, 10, 1), percentage=BTW_PCT, bron="test", bevestigd=True)
