"""``python manage.py betaling_afrekening_test [--importeer | --bestand PAD] [--kosten 0.29]``: the test
provider pays out (for ``make run``, where it stands in for Mollie).

It settles every paid test payment not settled before (``betaling.providers.afrekening_testprovider_maak``) and makes
the bank line of that payout (gross minus 0.29 per payment, from the test provider's account, with the
settlement's bank reference) as a CAMT.053 statement of the client-money account: printed (or written to
``--bestand``) to upload under Geld › Bankafschriften, or with ``--importeer`` imported at once. The import
recognises the line as the settlement (``bank.afrekening``): it clears "onderweg bij testbetaaldienst" and
books the fees; no receipt.
"""

from __future__ import annotations

import json
import secrets
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bank.services import bankafschrift_maak, bankafschrift_verwerk
from betaling.providers import TEST_KOSTEN, TestProvider, afrekening_testprovider_maak


def camt_afrekening(*, iban: str, bedrag: Decimal, datum, referentie: str) -> bytes:
    """A one-line CAMT.053 statement of ``iban``: the test provider's payout ``bedrag``."""
    msg = f"TESTAFREKENING-{referentie}"
    afzender = settings.BETALEN_AFREKENING["test"]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{msg}</MsgId><CreDtTm>{datum.isoformat()}T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{msg}-1</Id>
      <CreDtTm>{datum.isoformat()}T06:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Ntry>
        <Amt Ccy="EUR">{bedrag:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{datum.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{datum.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{escape(msg)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{escape(referentie)}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{bedrag:.2f}</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>{escape(afzender["namen"][0])}</Nm></Dbtr><DbtrAcct><Id><IBAN>{afzender["ibans"][0]}</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>{escape(referentie)} Uitbetaling testbetaaldienst</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


class Command(BaseCommand):
    help = "De testbetaaldienst betaalt de betaalde testbetalingen uit (bankregel als CAMT.053)."

    def add_arguments(self, parser):
        parser.add_argument("--importeer", action="store_true", help="lees de bankregel meteen in")
        parser.add_argument("--bestand", help="schrijf het CAMT.053-bestand hierheen (anders naar stdout)")
        parser.add_argument("--kosten", default=str(TEST_KOSTEN), help="kosten per betaling (standaard 0.29)")

    def handle(self, *args, importeer: bool, bestand: str | None, kosten: str, **options):
        if not settings.BETALEN_TESTPROVIDER:
            raise CommandError("De testbetaaldienst staat hier uit (BETALEN_TESTPROVIDER).")
        datum = timezone.localdate()
        with transaction.atomic():
            rij = afrekening_testprovider_maak(datum=datum, kosten_per_betaling=Decimal(kosten))
        if rij is None:
            self.stderr.write("Geen betaalde testbetalingen om af te rekenen.")
            return
        stand = TestProvider().afrekening_haal(referentie=rij.referentie)
        inhoud = camt_afrekening(
            iban=settings.BUREAU["iban"], bedrag=stand.netto, datum=datum, referentie=rij.referentie
        )
        samenvatting = {
            "referentie": rij.referentie,
            "betalingen": len(stand.betalingen),
            "bruto": str(stand.netto + (stand.kosten or 0)),
            "kosten": str(stand.kosten),
            "netto": str(stand.netto),
        }
        if importeer:
            afschrift = bankafschrift_maak(
                bestandsnaam=f"testafrekening-{rij.referentie}-{secrets.token_hex(3)}.xml", inhoud=inhoud
            )
            samenvatting["import"] = bankafschrift_verwerk(afschrift_id=afschrift.pk)
        elif bestand:
            Path(bestand).write_bytes(inhoud)
            samenvatting["bestand"] = bestand
        else:
            self.stdout.write(inhoud.decode())
            self.stderr.write(json.dumps(samenvatting))
            return
        self.stdout.write(json.dumps(samenvatting))
