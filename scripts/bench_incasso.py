"""SEPA direct debit scenario of `make bench`: ``direct_debit_batch``, the pain.008.001.02 file of a weekly
collection batch of ``BENCH_INCASSO_TERMIJNEN`` terms (default 10,000), made with sepaxml and checked against
its XSD (``automatische_incasso.sepa.pain008_maak``, the code approval runs).

Floor: the same file written by a plain string template (no sepaxml, no XSD check), so the ratio is what the
library and the schema check cost per term."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from decimal import Decimal

TERMIJNEN = int(os.environ.get("BENCH_INCASSO_TERMIJNEN", "10000"))


def _regels(n: int):
    from automatische_incasso.sepa import IncassoRegel

    basis = date(2026, 12, 14)
    return [
        IncassoRegel(
            naam=f"Debiteur {i}",
            iban="NL02ABNA0123456789",
            bedrag=Decimal(100 + i % 400) + Decimal("0.25"),
            end_to_end_id=f"NLAI-I1-T{i}",
            machtiging=f"NLAI-M{i}-1",
            machtiging_datum=date(2026, 11, 1),
            volgorde="FRST" if i % 10 == 0 else "RCUR",
            incassodatum=basis + timedelta(days=i % 3),
            omschrijving=f"Termijn {1 + i % 12} betalingsregeling NLAI-I1-T{i}",
        )
        for i in range(n)
    ]


def _vloer(regels) -> bytes:
    delen = [
        f"<DrctDbtTxInf><PmtId><EndToEndId>{r.end_to_end_id}</EndToEndId></PmtId>"
        f'<InstdAmt Ccy="EUR">{r.bedrag:.2f}</InstdAmt><DrctDbtTx><MndtRltdInf><MndtId>{r.machtiging}</MndtId>'
        f"<DtOfSgntr>{r.machtiging_datum.isoformat()}</DtOfSgntr></MndtRltdInf></DrctDbtTx>"
        f"<Dbtr><Nm>{r.naam}</Nm></Dbtr><DbtrAcct><Id><IBAN>{r.iban}</IBAN></Id></DbtrAcct>"
        f"<RmtInf><Ustrd>{r.omschrijving}</Ustrd></RmtInf></DrctDbtTxInf>"
        for r in regels
    ]
    return ("<Document><CstmrDrctDbtInitn>" + "".join(delen) + "</CstmrDrctDbtInitn></Document>").encode()


def direct_debit_batch() -> dict:
    from django.conf import settings

    from automatische_incasso.sepa import pain008_maak

    regels = _regels(TERMIJNEN)
    t0 = time.perf_counter()
    xml = pain008_maak(
        regels=regels, bureau=settings.BUREAU, incassant_id="NL69ZZZ123456780000", msg_id="NLAI-IB-BENCH-1"
    )
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    _vloer(regels)
    floor = time.perf_counter() - t0
    return {
        "items": TERMIJNEN,
        "seconds": seconds,
        "floor_seconds": floor,
        "ms_per_term": round(seconds * 1000 / TERMIJNEN, 3),
        "file_kb": len(xml) // 1024,
    }


SCENARIOS = {"direct_debit_batch": direct_debit_batch}
