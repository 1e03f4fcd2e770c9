"""The bank import books a block of lines at once (issue 8): the same rows as booking line by line through
``ontvangst_bank_registreer`` + ``ontvangst_koppel``, and a number of queries that does not grow with the
number of lines."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bank.lezen import lees_bankbestand
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from inning import ledger, selectors
from inning.models import Bankafschrift, Bankregel, Ontvangst, Toewijzing
from inning.services import kosten_registreer, ontvangst_bank_registreer, ontvangst_koppel
from recht.achterstand import Betaling, achterstand_bereken, open_termijnen_bereken
from recht.termijnen import EenmaligeVordering, Verplichting, termijnschema
from recht.verjaring import verjaringseinde
from tests.inning.geld_factories import maak_client, maak_dossier

from .bank_bestanden import REKENING, Post, camt053

D = Decimal

pytestmark = pytest.mark.django_db

# Out of date order, one paying off the open costs first, one larger than everything still open.
BETALINGEN = [
    (date(2026, 3, 3), D("700.00")),
    (date(2026, 1, 20), D("300.00")),
    (date(2026, 2, 14), D("125.50")),
    (date(2026, 3, 20), D("2500.00")),
]


def _dossier_met_kosten():
    dossier = maak_dossier(bedrag=D("450.00"), ingangsdatum=date(2025, 6, 1))
    kosten_registreer(
        dossier=dossier,
        bedrag=D("80.00"),
        datum=date(2026, 1, 5),
        omschrijving="betekening",
        sleutel=f"k{dossier.pk}",
    )
    return dossier


def _uitkomst(dossier) -> list:
    """Per receipt in booking order: the allocation and each part, as the ledger and the exports see them."""
    uit = []
    for t in Toewijzing.objects.filter(dossier=dossier).order_by("ontvangst__bankregel__referentie"):
        delen = list(
            t.toerekeningen.order_by("id").values_list("soort", "vervaldatum", "omschrijving", "bedrag")
        )
        uit.append(
            (
                t.ontvangst.bedrag, t.provisie, t.btw, t.naar_client, t.kosten, t.post is not None, delen,
                t.regel, t.aanwijzing,
            )
        )  # fmt: skip
    return uit


def test_a_block_books_exactly_what_booking_line_by_line_books():
    per_regel = _dossier_met_kosten()
    per_blok = _dossier_met_kosten()

    # Line by line, the way the import worked before (one receipt + one match per line).
    for i, (datum, bedrag) in enumerate(BETALINGEN):
        regel = Bankregel.objects.create(
            afschrift=bankafschrift_maak(
                bestandsnaam=f"r{i}.xml", inhoud=camt053([Post(bedrag, ref=f"X{i}")])
            ),
            iban=REKENING,
            referentie=f"L{i}",
            datum=datum,
            bedrag=bedrag,
            kenmerk=per_regel.betaalkenmerk,
        )
        ontvangst = ontvangst_bank_registreer(bankregel=regel)
        ontvangst_koppel(ontvangst=ontvangst, dossier=per_regel, automatisch=True)

    # The same payments in one statement: one block.
    posten = [
        Post(bedrag, datum=datum, kenmerk=per_blok.betaalkenmerk, ref=f"R{i}")
        for i, (datum, bedrag) in enumerate(BETALINGEN)
    ]
    af = bankafschrift_maak(bestandsnaam="blok.xml", inhoud=camt053(posten))
    assert bankafschrift_verwerk(afschrift_id=af.pk)["gematcht"] == 4

    blok = _uitkomst(per_blok)
    assert blok == _uitkomst(per_regel)
    # 700 on 3 March (the first line of the file): costs first (art. 6:44 BW), then the oldest termijnen
    assert blok[0][4] == D("80.00") and blok[0][6][0][:1] == ("kosten",)
    assert {d[0] for d in blok[0][6][1:]} == {"termijn"}
    assert len(blok[3][6]) >= 5  # 2,500 covers several open termijnen, oldest first
    assert selectors.client_saldo(client_id=per_blok.client_id) == selectors.client_saldo(
        client_id=per_regel.client_id
    )
    assert selectors.dossier_betalingen(dossier_id=per_blok.pk) == selectors.dossier_betalingen(
        dossier_id=per_regel.pk
    )
    assert ledger.saldo("te_ontvangen_debiteur", dossier=per_blok) == D("0.00")
    assert per_blok.tijdlijn.filter(soort="betaling").count() == 4
    # every receipt has its own entry
    assert Ontvangst.objects.filter(dossier=per_blok, post__isnull=True).count() == 0


def test_a_debit_in_a_block_returns_the_receipt_booked_just_before_it():
    dossier = maak_dossier()
    posten = [
        Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="C1", e2e="E2E-1", datum=date(2026, 2, 15)),
        Post(D("-450.00"), ref="D1", e2e="E2E-1", omschrijving="retour", datum=date(2026, 2, 16)),
        Post(D("90.00"), kenmerk=dossier.betaalkenmerk, ref="C2", datum=date(2026, 2, 17)),
    ]
    uit = bankafschrift_verwerk(
        afschrift_id=bankafschrift_maak(bestandsnaam="d.xml", inhoud=camt053(posten)).pk
    )
    assert uit == {"regels": 3, "nieuw": 3, "al_bekend": 0, "gematcht": 3, "ongematcht": 0}
    statussen = dict(Ontvangst.objects.values_list("bankregel__referentie", "status"))
    assert statussen == {"C1": "teruggeboekt", "C2": "gematcht"}
    assert ledger.saldo("bank_derdengelden") == D("90.00")


def _importeer_en_tel(n: int, msg_id: str) -> int:
    dossiers = [maak_dossier(client=maak_client(naam=f"C {msg_id} {i}")) for i in range(5)]
    posten = [
        Post(D("10.00") + i, kenmerk=dossiers[i % 5].betaalkenmerk if i % 4 else "", omschrijving=f"b{i}",
             ref=f"{msg_id}-{i}")
        for i in range(n)
    ]  # fmt: skip
    af = bankafschrift_maak(bestandsnaam=f"{msg_id}.xml", inhoud=camt053(posten, msg_id=msg_id))
    with CaptureQueriesContext(connection) as q:
        uit = bankafschrift_verwerk(afschrift_id=af.pk)
    assert uit["nieuw"] == n and uit["gematcht"] == n - (n + 3) // 4
    return len(q.captured_queries)


def test_queries_of_an_import_do_not_grow_with_its_lines():
    weinig = _importeer_en_tel(20, "A")
    veel = _importeer_en_tel(400, "B")
    # Line by line this was ~55 queries per line. Now a fixed set per block; only SQLite's limit of 999
    # variables per statement splits the bulk inserts of 400 lines into a few more statements.
    assert veel - weinig <= 15, (weinig, veel)
    if connection.vendor == "postgresql":
        assert veel <= weinig + 2, (weinig, veel)
    assert Bankafschrift.objects.get(bestandsnaam="B.xml").regels_verwerkt == 400


def test_reading_the_same_file_twice_returns_the_same_lines():
    inhoud = camt053([Post(D("12.00"), ref="Z1"), Post(D("13.00"))])
    assert lees_bankbestand(inhoud) == lees_bankbestand(bytes(inhoud))
    assert [r.referentie for r in lees_bankbestand(inhoud).regels][0] == "Z1"


# --- the open termijnen of a receipt from a schedule made for a later date --------------------------------

INDEXATIE = {2024: D("3.00"), 2025: D("2.50"), 2026: D("3.10")}
VERPLICHTINGEN = [
    Verplichting("kinderalimentatie", D("300.00"), date(2023, 11, 1), date(2024, 1, 1), None, 1, True, "Kim"),
    Verplichting(
        "partneralimentatie", D("512.34"), date(2024, 2, 1), date(2024, 3, 1), date(2026, 2, 1), 15, False
    ),
]
EENMALIG = [
    EenmaligeVordering(date(2025, 7, 1), D("150.00"), "griffierecht"),
    EenmaligeVordering(date(2026, 5, 1), D("40.00"), "x"),
]


@pytest.mark.parametrize(
    "peildatum", [date(2024, 1, 1), date(2025, 6, 30), date(2025, 7, 1), date(2026, 4, 30)]
)
@pytest.mark.parametrize(
    "betaald",
    [[], [(date(2024, 5, 1), "700.00")], [(date(2025, 1, 1), "4000.00"), (date(2026, 6, 1), "90.00")]],
)
def test_open_termijnen_from_a_later_schedule_equal_the_statement(peildatum, betaald):
    stuitingen = [date(2029, 2, 1)]
    betalingen = [Betaling(d, D(b)) for d, b in betaald]
    statement = achterstand_bereken(
        peildatum=peildatum,
        verplichtingen=VERPLICHTINGEN,
        betalingen=betalingen,
        eenmalig=EENMALIG,
        stuitingen=stuitingen,
        indexatie=INDEXATIE,
    )
    later = termijnschema(
        verplichtingen=VERPLICHTINGEN, eenmalig=EENMALIG, peildatum=date(2026, 12, 31), indexatie=INDEXATIE
    )
    eindes = [verjaringseinde(vervaldatum=t.vervaldatum, stuitingen=stuitingen) for t in later]
    open_ = open_termijnen_bereken(peildatum=peildatum, schema=later, eindes=eindes, betalingen=betalingen)
    verwacht = [
        (t.vervaldatum, t.omschrijving, t.open, t.verjaringseinde) for t in statement.termijnen if t.open > 0
    ]
    assert [(t.vervaldatum, t.omschrijving, o, e) for t, o, e in open_] == verwacht
