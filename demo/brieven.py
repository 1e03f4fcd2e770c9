"""Demo letters, consent and payment arrangements for ``seed_demo``: the rows ``incasso.letters`` and
``incasso.services`` would leave behind, queued on a ``demo.schrijven.Bulk`` writer (issue 8).

A bulk letter is stored without its PDF (``Brief.document`` is null): rendering 100,000 letters at ~100 ms
each is what the letter benchmark measures, not what loading demo data should cost. ``brief_maak`` renders the
PDF later for the same ``sleutel`` (the seed does so for the demo client), and the sweeps treat the stored
letters as sent (``verzonden_via`` is set), so nothing is sent again.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from dossiers.models import Stuiting, TijdlijnGebeurtenis
from incasso.letters import brief_maak, brief_tijdlijn_tekst
from incasso.models import Betalingsregeling, Brief, BriefSoort, Regeltermijn, Toestemmingsverzoek
from incasso.stuiting import STUITENDE_BRIEVEN
from recht.geld import euro
from recht.termijnen import MAANDEN


def _labels() -> dict[str, str]:
    with translation.override("nl"):
        return {s.value: str(s.label) for s in BriefSoort}


def datum_nl(d: date) -> str:
    """As ``incasso.letters.datum_nl`` ('2 april 2026'), without a translation switch per letter."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


class Incassoschrijver:
    def __init__(self, w) -> None:
        self.w = w
        self.labels = _labels()

    def brief(
        self,
        *,
        dossier_id: int,
        soort: str,
        sleutel: str,
        moment: datetime,
        datum: date,
        termijn_einde: date | None,
        bedrag: Decimal | None,
        via: str,
    ) -> int:
        """A letter as ``brief_maak`` + ``brief_verstuur`` record it, without the PDF."""
        w = self.w
        pk = w.rij(
            Brief,
            dossier_id=dossier_id,
            soort=soort,
            sleutel=sleutel,
            datum=datum,
            termijn_einde=termijn_einde,
            bedrag=bedrag,
            document_id=None,
            verzonden_via=via,
            verzonden_op=moment if via else None,
            printbatch_id=None,
            aangemaakt_op=moment,
        )
        label = self.labels[soort]
        if soort in STUITENDE_BRIEVEN and via:  # only a letter that went out interrupts limitation
            w.rij(
                Stuiting,
                dossier_id=dossier_id,
                datum=datum,
                soort="aanmaning",
                omschrijving=f"{label} van {datum_nl(datum)}"[:200],
                bron_sleutel=f"brief:{sleutel}"[:100],
            )
        tekst = f"{label.capitalize()} gemaakt ({datum_nl(datum)})"
        if termijn_einde:
            tekst += f"; betalen uiterlijk {datum_nl(termijn_einde)}, bedrag {euro(bedrag)}"
        w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier_id,
            soort="brief",
            op=moment,
            tekst=tekst,
            intern=False,
            sleutel=f"brief:{sleutel}"[:100],
        )
        if via:
            kanaal = "per e-mail aan de debiteur" if via == "email" else "per post (printbatch)"
            w.rij(
                TijdlijnGebeurtenis,
                dossier_id=dossier_id,
                soort="brief",
                op=moment,
                tekst=f"{label.capitalize()} verstuurd {kanaal}",
                intern=False,
                sleutel=f"verstuurd:{sleutel}"[:100],
            )
        return pk

    def toestemming(
        self, *, dossier_id: int, soort: str, gevraagd: datetime, gegeven: datetime, door_id, client_user_id
    ):
        pk = self.w.rij(
            Toestemmingsverzoek,
            dossier_id=dossier_id,
            soort=soort,
            status="gegeven",
            gevraagd_op=gevraagd,
            gevraagd_door_id=door_id,
            beantwoord_op=gegeven,
            beantwoord_door_id=client_user_id,
        )
        self.w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier_id,
            soort="toestemming",
            op=gegeven,
            tekst=f"De cliënt gaf toestemming voor: {soort.replace('_', ' ')}.",
            intern=False,
            sleutel=f"toestemming:{pk}:antwoord",
        )
        return pk

    def regeling(
        self,
        *,
        dossier_id: int,
        status: str,
        voorgesteld: datetime,
        beoordeeld: datetime,
        beeindigd: datetime | None,
        termijnen: list[
            tuple[date, Decimal, str, date | None]
        ],  # (vervaldatum, bedrag, status, gecontroleerd)
        door_id,
        client_user_id,
    ) -> int:
        """``betalingsregeling_maak`` + ``betalingsregeling_beoordeel`` (+ the control's outcome so far)."""
        w = self.w
        pk = w.rij(
            Betalingsregeling,
            dossier_id=dossier_id,
            status=status,
            toelichting="Voorstel van de debiteur (telefonisch).",
            voorgesteld_op=voorgesteld,
            voorgesteld_door_id=door_id,
            beoordeeld_op=beoordeeld,
            beoordeeld_door_id=client_user_id,
            beeindigd_op=beeindigd,
        )
        for n, (vervaldatum, bedrag, tstatus, gecontroleerd) in enumerate(termijnen, start=1):
            w.rij(
                Regeltermijn,
                regeling_id=pk,
                volgnummer=n,
                vervaldatum=vervaldatum,
                bedrag=bedrag,
                status=tstatus,
                gecontroleerd_op=gecontroleerd,
            )
        totaal = sum((t[1] for t in termijnen), Decimal("0.00"))
        aantal = len(termijnen)
        for op, tekst, sleutel in (
            (
                voorgesteld,
                f"Voorstel betalingsregeling: {aantal} termijn{'en' if aantal != 1 else ''}, totaal "
                f"{euro(totaal)}; wacht op de cliënt.",
                f"regeling:{pk}:voorgesteld",
            ),
            (beoordeeld, "Betalingsregeling goedgekeurd door de cliënt.", f"regeling:{pk}:beoordeeld"),
            *(
                [(beeindigd, "Betalingsregeling volledig nagekomen.", f"regeling:{pk}:nagekomen")]
                if status == "nagekomen" and beeindigd
                else []
            ),
        ):
            w.rij(
                TijdlijnGebeurtenis,
                dossier_id=dossier_id,
                soort="regeling",
                op=op,
                tekst=tekst,
                intern=False,
                sleutel=sleutel,
            )
        return pk


def demo_brieven_pdf(*, email: str, dossiers: int) -> int:
    """Render the first reminder of each of the demo client's newest dossiers through ``incasso.letters``
    (the bulk stores letters without PDF), so the portal shows real letters. At most three letters:
    WeasyPrint needs a few seconds on first use."""
    if not dossiers:
        return 0
    brieven = list(
        Brief.objects.filter(dossier__client__user__email=email, soort="aanmaning", document__isnull=True)
        .select_related("dossier", "dossier__client", "dossier__debiteur")
        .order_by("-dossier_id")[:3]
    )
    for brief in brieven:
        brief = brief_maak(dossier=brief.dossier, soort=brief.soort, sleutel=brief.sleutel)
        # Rendered now for a date in the past: the statement counts the receipts that came in since, so the
        # letter's amount can differ from the plan's. Its timeline line follows the letter, as it does when a
        # letter is made on its own date.
        TijdlijnGebeurtenis.objects.filter(
            dossier_id=brief.dossier_id, sleutel=f"brief:{brief.sleutel}"[:100]
        ).update(tekst=brief_tijdlijn_tekst(brief))
    return len(brieven)
