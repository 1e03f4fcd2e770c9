"""Commission is computed and rounded per receipt (issue 13 item 12); the invoice's VAT is the VAT booked per
receipt, never recomputed on the total."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from recht.provisie import provisie_bereken
from uitbetaling.factuur_btw import factuur_btw_uit_provisies

TARIEF = {"percentage": D("12.00"), "btw_percentage": D("21.00")}
ONTVANGSTEN = st.lists(
    st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2), min_size=1, max_size=60
)


@given(ontvangsten=ONTVANGSTEN)
def test_commission_over_any_receipts_stays_within_half_a_cent_per_receipt_of_12_percent(ontvangsten):
    """Each receipt's commission is 12% rounded once to cents half up, so it differs from the exact 12% by at
    most 0.005; over n receipts the sum differs from 12% of the total by at most n x 0.005."""
    provisie = sum(provisie_bereken(bedrag=b, **TARIEF).provisie for b in ontvangsten)
    exact = sum(ontvangsten) * D("0.12")
    assert abs(provisie - exact) <= D("0.005") * len(ontvangsten)


@given(ontvangsten=ONTVANGSTEN)
def test_invoice_for_every_receipt_carries_exactly_the_vat_booked_per_receipt(ontvangsten):
    uitkomsten = [provisie_bereken(bedrag=b, **TARIEF) for b in ontvangsten]
    totaal = sum(u.provisie for u in uitkomsten)
    geboekt = sum(u.waarvan_btw for u in uitkomsten)
    btw, rest = factuur_btw_uit_provisies(
        provisies=[(u.provisie, u.waarvan_btw) for u in reversed(uitkomsten)], bedrag=totaal
    )
    assert (btw, rest) == (geboekt, D("0"))
    # and the VAT booked per receipt stays within half a cent per receipt of 21/121 of the total commission
    assert abs(geboekt - totaal * 21 / 121) <= D("0.005") * len(ontvangsten)


def test_066_booked_is_066_invoiced_not_065():
    """Direct payments of 10.80 and 20.50: commission 10.80 x 12% = 1.296 → 1.30, VAT 1.30 x 21/121 =
    0.2256… → 0.23; 20.50 x 12% = 2.46, VAT 2.46 x 21/121 = 0.4269… → 0.43. Booked: 3.76 with 0.66 VAT.
    Recomputed on the total, 3.76 x 21/121 = 0.6525… → 0.65: a cent less than the ledger holds."""
    a = provisie_bereken(bedrag=D("10.80"), **TARIEF)
    b = provisie_bereken(bedrag=D("20.50"), **TARIEF)
    assert (a.provisie, a.waarvan_btw, b.provisie, b.waarvan_btw) == (
        D("1.30"),
        D("0.23"),
        D("2.46"),
        D("0.43"),
    )
    btw, rest = factuur_btw_uit_provisies(
        provisies=[(D("2.46"), D("0.43")), (D("1.30"), D("0.23"))], bedrag=D("3.76")
    )
    assert (btw, rest) == (D("0.66"), D("0"))


def test_partly_set_off_invoice_takes_the_newest_receipts_and_a_share_of_the_split_one():
    """Commission 24.00 (VAT 4.17) then 2.46 (VAT 0.43); 10.00 was set off against a payout (oldest first),
    so the invoice of 16.46 covers the newest 2.46 whole (0.43) and 14.00 of the 24.00: 4.17 x 14/24 =
    2.4325 → 2.43. VAT 0.43 + 2.43 = 2.86."""
    btw, rest = factuur_btw_uit_provisies(
        provisies=[(D("2.46"), D("0.43")), (D("24.00"), D("4.17"))], bedrag=D("16.46")
    )
    assert (btw, rest) == (D("2.86"), D("0"))
