"""Commission rules on receipts: none on a direct payment before the order (issue 13 item 5) and the VAT
rate of the day the money came in (issue 13 item 9)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dossiers.models import Opdracht
from inning import selectors, services
from inning.models import Ontvangst, Toewijzing

from .geld_factories import maak_dossier

pytestmark = pytest.mark.django_db

D = Decimal
AMS = ZoneInfo("Europe/Amsterdam")


def _opdracht(dossier, ontvangen_op: datetime) -> None:
    Opdracht.objects.create(
        dossier=dossier,
        ontvangen_op=ontvangen_op,
        voorwaarden_versie="2026-1",
        voorwaarden_geaccepteerd_op=ontvangen_op,
    )


def _direct(dossier, datum: date, bedrag: str) -> Toewijzing:
    melding = services.directe_betaling_meld(dossier=dossier, datum=datum, bedrag=D(bedrag))
    ontvangst = services.directe_betaling_bevestig(melding=melding)
    return ontvangst.toewijzingen.get()


def test_direct_payment_before_the_order_pays_arrears_but_carries_no_commission():
    """The agency promises 12% on what it collects, including direct payments to the client *after* the
    order. The order was received on 1 March 2026 (00:30 Amsterdam time, 28 February 23:30 UTC: the local
    day counts). The debtor paid the client 200.00 on 28 February 2026: before the order, so no commission
    (0.00 owed by the client), yet the 200.00 pays the January termijn of 450.00 (open 250.00)."""
    dossier = maak_dossier()
    _opdracht(dossier, datetime(2026, 3, 1, 0, 30, tzinfo=AMS))
    t = _direct(dossier, date(2026, 2, 28), "200.00")
    assert (t.provisie, t.btw, t.naar_client) == (D("0.00"), D("0.00"), D("200.00"))
    assert t.post is None  # nothing to book: no money moved through us and no commission is owed
    assert selectors.client_provisie_te_verrekenen(client_id=dossier.client_id) == D("0.00")
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == [(date(2026, 2, 28), D("200.00"))]
    assert [(d.soort, d.vervaldatum, d.bedrag) for d in t.toerekeningen.all()] == [
        ("termijn", date(2026, 1, 1), D("200.00"))
    ]
    assert "zonder provisie" in dossier.tijdlijn.order_by("-id").first().tekst


def test_direct_payment_on_the_day_of_the_order_carries_commission():
    """Paid on 1 March 2026, the day the order came in: collected under the order. 200.00 x 12% = 24.00,
    VAT 24.00 x 21/121 = 4.165… → 4.17 (Wet OB 1968 art. 9 lid 1, 21% since 1 October 2012)."""
    dossier = maak_dossier()
    _opdracht(dossier, datetime(2026, 3, 1, 16, 0, tzinfo=AMS))
    t = _direct(dossier, date(2026, 3, 1), "200.00")
    assert (t.provisie, t.btw) == (D("24.00"), D("4.17"))
    assert selectors.client_provisie_te_verrekenen(client_id=dossier.client_id) == D("24.00")


def test_receipt_in_2005_books_19_percent_vat():
    """Issue 13 item 9. 1,000.00 collected on 1 June 2005: commission 1,000.00 x 12% = 120.00; VAT at the
    19% of Wet OB 1968 art. 9 lid 1 as in force then: 120.00 x 19/119 = 19.1596… → 19.16 (not 21/121:
    20.83). To the client 880.00."""
    dossier = maak_dossier(ingangsdatum=date(2005, 1, 1))
    o = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK, datum=date(2005, 6, 1), bedrag=D("1000.00"), sleutel="test:2005"
    )
    services._ontvangst_boek(o)
    t = services.ontvangst_koppel(ontvangst=o, dossier=dossier)
    assert (t.provisie, t.btw, t.naar_client) == (D("120.00"), D("19.16"), D("880.00"))
    btw_regel = t.post.regels.get(rekening__code="btw_af_te_dragen")
    assert btw_regel.bedrag == D("-19.16")
