"""EPC QR code (EPC069-12, "GiroCode"/SEPA credit transfer QR) that a banking app can scan.

Payload (version 002, UTF-8): BCD / 002 / 1 / SCT / BIC / name / IBAN / EUR<amount> / purpose / structured
reference (our RF creditor reference) / free text. we build the payload ourselves (segno's helper cannot leave
the amount out) and encode it with segno at error correction level M, as the standard requires; we return a data
URI that works both in the browser (CSP img-src allows data:) and in WeasyPrint: a PNG of one pixel per module,
which the letter's stylesheet draws with ``image-rendering: pixelated`` so that every module stays a sharp square
at any size. (An SVG path of the same code, hundreds of runs, was parsed and drawn by WeasyPrint in Python for
every letter.)
"""

from __future__ import annotations

from decimal import Decimal

import segno

from recht.geld import rond_af

# The EPC standard allows 0.01 .. 999,999,999.99; outside that range the amount is left out (the app asks).
_MAX = Decimal("999999999.99")


def epc_payload(*, naam: str, iban: str, bic: str, bedrag: Decimal | None, kenmerk: str) -> str:
    """The EPC069-12 text, for tests and for anyone who wants to check what the code says."""
    bedrag_regel = ""
    if bedrag is not None and Decimal("0.01") <= bedrag <= _MAX:
        bedrag_regel = f"EUR{rond_af(bedrag)}"
    regels = ["BCD", "002", "1", "SCT", bic, naam[:70], iban.replace(" ", ""), bedrag_regel, "", kenmerk, ""]
    return "\n".join(regels).rstrip("\n")


def epc_qr_png_data_uri(*, naam: str, iban: str, bic: str, bedrag: Decimal | None, kenmerk: str) -> str:
    """The QR code as ``data:image/png;base64,...``, one pixel per module and a quiet zone of two modules."""
    payload = epc_payload(naam=naam, iban=iban, bic=bic, bedrag=bedrag, kenmerk=kenmerk)
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    return qr.png_data_uri(scale=1, border=2)
