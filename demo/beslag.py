"""Demo bailiff tracks for ``seed_demo``: offices, third parties, instructions, steps with their costs and
statutory deadlines, garnishments and what they yield, as ``beslag.services`` records them, queued on a
``demo.schrijven.Bulk`` writer (issue 8). Costs and receipts go through ``demo.geld.Grootboekschrijver``."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone, translation

from beslag.models import Beslag, BeslagOntvangst, BeslagStap, Derde, DeurwaarderOpdracht, Deurwaarderskantoor
from beslag.selectors import STAP_HANDELING
from beslag.services import ANTWOORD_WERKDAGEN, STUITENDE_STAPPEN
from dossiers.models import Stuiting, TijdlijnGebeurtenis
from recht import beslag_termijnen as recht_termijnen
from recht.geld import euro
from recht.kalender import Kalender
from tarieven.models import BtagTarief

KANTOREN = [
    ("Van der Veen Gerechtsdeurwaarders", "info@vanderveen-deurwaarders.example.nl", "Utrecht"),
    ("Deurwaarderskantoor Noord B.V.", "post@dwk-noord.example.nl", "Groningen"),
    ("Gerechtsdeurwaarders Zuid-Holland", "opdrachten@gdzh.example.nl", "Rotterdam"),
    ("Bakker & De Ruiter Gerechtsdeurwaarders", "balie@bakkerderuiter.example.nl", "Eindhoven"),
]
BANK_DERDEN = ["ING Bank N.V.", "Rabobank", "ABN AMRO Bank N.V.", "SNS Bank"]


def _derde_soort(naam: str) -> str:
    if naam.startswith("UWV"):
        return "uwv"
    if naam == "SVB":
        return "svb"
    if naam.startswith("Gemeente"):
        return "gemeente"
    return "werkgever"


class Beslagschrijver:
    """The bailiff side of the demo: a few offices and third parties (created once), then rows per dossier."""

    def __init__(self, w, *, werkgevers: list[str], kalender: Kalender) -> None:
        self.w = w
        self.kalender = kalender
        self.kantoren = []
        for naam, email, plaats in KANTOREN:
            kantoor, _ = Deurwaarderskantoor.objects.get_or_create(
                naam=naam, defaults={"email": email, "woonplaats": plaats, "regio": plaats}
            )
            self.kantoren.append(kantoor)
        self.derden: dict[str, object] = {}
        for naam in werkgevers:
            self.derden[naam], _ = Derde.objects.get_or_create(
                naam=naam, defaults={"soort": _derde_soort(naam)}
            )
        for naam in BANK_DERDEN:
            self.derden[naam], _ = Derde.objects.get_or_create(naam=naam, defaults={"soort": "bank"})
        self.btag = {
            (h, j): (b, a)
            for h, j, b, a in BtagTarief.objects.values_list("handeling", "jaar", "bedrag", "artikel")
        }
        self.handeling = dict(STAP_HANDELING)
        with translation.override("nl"):
            self.stap_labels = {s.value: str(s.label) for s in BeslagStap.Soort}
            self.beslag_labels = {s.value: str(s.label) for s in Beslag.Soort}

    def tarief(self, soort: str, datum: date) -> tuple[Decimal | None, str, str]:
        handeling = self.handeling.get(soort, "")
        bedrag, artikel = self.btag.get((handeling, datum.year), (None, ""))
        return bedrag, artikel, handeling

    def opdracht(
        self, *, dossier_id: int, kantoor, datum: date, door_id, beantwoord: date | None, moment
    ) -> int:
        uiterlijk = self.kalender.werkdagen_na(datum, ANTWOORD_WERKDAGEN)
        pk = self.w.rij(
            DeurwaarderOpdracht,
            dossier_id=dossier_id,
            kantoor_id=kantoor.pk,
            geinstrueerd_op=datum,
            geinstrueerd_door_id=door_id,
            antwoord_uiterlijk=uiterlijk,
            rappel_op=uiterlijk,
            beantwoord_op=beantwoord,
            status="beantwoord" if beantwoord else "verzonden",
            brief_verstuurd_op=moment,
        )
        self.w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier_id,
            soort="deurwaarder",
            op=moment,
            door_id=door_id,
            tekst=f"Deurwaarder {kantoor.naam} opdracht gegeven; antwoord uiterlijk {uiterlijk:%d-%m-%Y}.",
            intern=False,
            sleutel=f"beslag:opdracht:{pk}",
        )
        return pk

    def stap(
        self,
        *,
        dossier_id: int,
        opdracht_id: int,
        beslag_id: int | None,
        beslag_datum: date | None,
        soort: str,
        datum: date,
        kosten: Decimal,
        omschrijving: str,
        door_id,
        afgerond: datetime | None,
        moment: datetime,
    ) -> int:
        """``stap_registreer`` without the costs (the caller books them with the step's id)."""
        tarief, artikel, handeling = self.tarief(soort, datum)
        t = recht_termijnen
        termijn, uiterste = "", None
        termijnsoort = {
            BeslagStap.Soort.BETEKENING_TITEL: (t.Termijnsoort.BEVEL, datum),
            BeslagStap.Soort.LOONBESLAG: (t.Termijnsoort.OVERBETEKENING, datum),
            BeslagStap.Soort.BANKBESLAG: (t.Termijnsoort.OVERBETEKENING, datum),
            BeslagStap.Soort.OVERBETEKENING: (t.Termijnsoort.DERDENVERKLARING, beslag_datum or datum),
        }.get(soort)
        if termijnsoort is not None:
            regel = t.TERMIJNEN[termijnsoort[0]]
            termijn = f"{regel.omschrijving} ({regel.artikel})"
            uiterste = t.uiterste_datum(termijnsoort[0], termijnsoort[1], extra=self.kalender.besluitdagen)
        if uiterste is None:
            afgerond = moment
        pk = self.w.rij(
            BeslagStap,
            dossier_id=dossier_id,
            opdracht_id=opdracht_id,
            beslag_id=beslag_id,
            soort=soort,
            datum=datum,
            gepland_op=None,
            omschrijving=omschrijving[:300],
            kosten_in_rekening=kosten,
            btag_handeling=handeling,
            btag_artikel=artikel or "",
            tarief_btag=tarief,
            uiterste_datum=uiterste,
            termijn=termijn,
            afgerond_op=afgerond,
            geregistreerd_door_id=door_id,
            aangemaakt_op=moment,
        )
        label = self.stap_labels[soort]
        if soort in STUITENDE_STAPPEN:
            self.w.rij(
                Stuiting,
                dossier_id=dossier_id,
                datum=datum,
                soort="executie",
                omschrijving=label[:200],
                bron_sleutel=f"beslagstap:{pk}",
            )
        tarieftekst = f"; wettelijk tarief {euro(tarief)}" if tarief is not None else ""
        termijntekst = f"; {termijn}: uiterlijk {uiterste:%d-%m-%Y}" if uiterste else ""
        self.w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier_id,
            soort="deurwaarder",
            op=moment,
            door_id=door_id,
            tekst=f"{label} op {datum:%d-%m-%Y}; kosten {euro(kosten)}{tarieftekst}{termijntekst}.",
            intern=False,
            sleutel=f"beslag:stap:{pk}",
        )
        return pk

    def beslag(
        self, *, dossier_id: int, opdracht_id: int, soort: str, derde, datum: date, maandbedrag, moment
    ) -> int:
        return self.w.rij(
            Beslag,
            dossier_id=dossier_id,
            opdracht_id=opdracht_id,
            soort=soort,
            derde_id=derde.pk if derde else None,
            datum=datum,
            status="actief",
            maandbedrag=maandbedrag,
            eerste_maand=_maand_na(datum) if soort == "loon" else None,
            coordinerend_kantoor_id=None,
            aangemaakt_op=moment,
        )

    def maand(
        self, *, beslag_id: int, maand: date, verwacht: Decimal, ontvangen: Decimal, datum: date
    ) -> int:
        return self.w.rij(
            BeslagOntvangst,
            beslag_id=beslag_id,
            maand=maand,
            verwacht=verwacht,
            ontvangen=ontvangen,
            ontvangen_op=datum,
            ontbreekt_gemeld_op=None,
        )

    def ontvangst_tijdlijn(
        self, *, dossier_id: int, soort: str, maand: date, bedrag: Decimal, sleutel: str, op
    ):
        self.w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier_id,
            soort="betaling",
            op=op,
            tekst=f"Ontvangen van de deurwaarder: {euro(bedrag)} ({self.beslag_labels[soort]}, {maand:%m-%Y}).",
            intern=False,
            sleutel=f"beslag:ontvangst:{sleutel}"[:100],
        )


def _maand_na(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def moment_op(d: date, uur: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(uur, 0)))


__all__ = ["Beslagschrijver", "moment_op"]
