"""Demo money for ``seed_demo``: receipts allocated and booked exactly as ``inning.services`` books them,
computed in Python and written in bulk (issue 8).

``ontvangst_koppel`` asks the arrears engine for the open termijnen on the receipt's date (all earlier live
matches allocated, oldest first, art. 6:43 lid 2 BW) and hands them to ``toereken_ontvangst``. Replaying
that per receipt costs O(receipts x termijnen) per dossier. ``Toerekenaar`` keeps the same state
incrementally: while no termijn is time-barred on a payment date (the demo data never reaches back five
years, ``toerekenaar_maak`` checks it), the engine's allocation of earlier payments is a prefix fill of the
schedule in its own order (due date, then obligation), with what was paid beyond the due termijnen carried
to the next termijn that falls due. So the open termijnen on a date are the schedule up to that date minus
that prefix, and ``toereken_ontvangst`` (the same pure function the service calls) allocates the receipt.
Costs (art. 6:44 BW) come first for bank and bailiff money, commission is ``provisie_bereken`` on
everything but the costs at the tariff of the receipt's date. ``tests/dossiers/test_demo_geld.py`` checks the
outcome against the service itself.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dossiers.models import TijdlijnGebeurtenis
from inning import boekingen, ledger
from inning.models import (
    Bankafschrift,
    Bankregel,
    Journaalpost,
    Journaalregel,
    Kostenpost,
    Ontvangst,
    Rekening,
    Toerekening,
    Toewijzing,
)
from recht.fouten import TariefOntbreekt
from recht.geld import NUL, euro
from recht.provisie import provisie_bereken
from recht.termijnen import EenmaligeVordering, Termijn, Verplichting, termijnschema
from recht.toerekening import OpenTermijn, toereken_ontvangst
from tarieven.models import BtwTarief, ProvisieTarief

__all__ = ["Toerekenaar", "Verdeling", "provisie_tarieven", "schema_maak", "tarief_op"]


@dataclass(frozen=True, slots=True)
class Verdeling:
    """What ``inning.services._verdeel`` returns for one receipt."""

    kosten: Decimal
    provisie: Decimal
    btw: Decimal
    naar_client: Decimal
    delen: tuple[tuple[str, date | None, str, Decimal], ...]  # (soort, vervaldatum, omschrijving, bedrag)


Rij = tuple[date, date | None, Decimal]  # (vanaf, geldig_tot, percentage)


def provisie_tarieven() -> tuple[list[Rij], list[Rij]]:
    """The commission table and the VAT table once, each as (vanaf, geldig_tot, percentage), newest first."""

    return (
        list(ProvisieTarief.objects.order_by("-vanaf").values_list("vanaf", "geldig_tot", "percentage")),
        list(BtwTarief.objects.order_by("-vanaf").values_list("vanaf", "geldig_tot", "percentage")),
    )


def _rij_op(rijen: list[Rij], datum: date, tabel: str) -> Decimal:
    for vanaf, tot, pct in rijen:
        if vanaf <= datum:
            if tot is not None and tot < datum:
                break
            return pct
    raise TariefOntbreekt(tabel, datum.isoformat())


def tarief_op(tarieven: tuple[list[Rij], list[Rij]], datum: date) -> tuple[Decimal, Decimal]:
    """(commission %, VAT %) as ``tarieven.selectors.provisie_tarief`` picks them for ``datum`` (latest
    ``vanaf <= datum`` of each table)."""
    provisie, btw = tarieven
    return _rij_op(provisie, datum, "provisietarief"), _rij_op(btw, datum, "btw-tarief")


def schema_maak(
    *, verplichtingen: list[dict], eenmalig: list[dict], peildatum: date, indexatie: dict[int, Decimal]
) -> tuple[list[Termijn], date]:
    """The dossier's termijnen up to ``peildatum`` as the arrears engine builds them, and the last date for
    which the engine can build them at all (an indexed year without a percentage makes the service allocate
    nothing to termijnen: the whole receipt stays "vooruit")."""
    vs = [
        Verplichting(
            soort=v["soort"],
            bedrag=v["bedrag"],
            vastgesteld_op=v["vastgesteld_op"],
            ingangsdatum=v["ingangsdatum"],
            einddatum=v["einddatum"],
            vervaldag=v["vervaldag"],
            indexeren=v["indexeren"],
            omschrijving=v["kind_naam"],
        )
        for v in verplichtingen
    ]
    es = [
        EenmaligeVordering(datum=e["datum"], bedrag=e["bedrag"], omschrijving=e["omschrijving"])
        for e in eenmalig
    ]
    try:
        return termijnschema(
            verplichtingen=vs, eenmalig=es, peildatum=peildatum, indexatie=indexatie
        ), peildatum
    except TariefOntbreekt:
        grens = date(max(indexatie), 12, 31) if indexatie else date.min
        if grens >= peildatum or grens == date.min:
            return [], date.min
        return termijnschema(verplichtingen=vs, eenmalig=es, peildatum=grens, indexatie=indexatie), grens


class Toerekenaar:
    """The allocation state of one dossier, fed its costs and receipts in booking order (see module doc)."""

    __slots__ = ("schema", "betaald", "wijzer", "krediet", "open_kosten", "grens", "tarieven")

    def __init__(self, schema: list[Termijn], *, grens: date, tarieven) -> None:
        self.schema = [t for t in schema if t.bedrag > 0]
        self.betaald = [NUL] * len(self.schema)
        self.wijzer = 0  # first termijn not paid in full
        self.krediet = NUL  # paid beyond every termijn due so far: goes to the next one that falls due
        self.open_kosten = NUL
        self.grens = grens
        self.tarieven = tarieven

    def kosten(self, bedrag: Decimal) -> None:
        self.open_kosten += bedrag

    def _vul(self, bedrag: Decimal, datum: date, delen: list | None) -> Decimal:
        """Pay ``bedrag`` into the termijnen due on ``datum`` from the pointer on; returns what is left."""
        i = self.wijzer
        schema, betaald = self.schema, self.betaald
        while bedrag > 0 and i < len(schema) and schema[i].vervaldatum <= datum:
            t = schema[i]
            deel = min(bedrag, t.bedrag - betaald[i])
            betaald[i] += deel
            bedrag -= deel
            if delen is not None:
                delen.append((i, deel))
            if betaald[i] == t.bedrag:
                i += 1
        self.wijzer = i
        return bedrag

    def open_op(self, datum: date) -> Decimal:
        """Open principal on ``datum`` (for letters and arrangements), counting receipts booked so far."""
        if datum > self.grens:
            datum = self.grens
        if self.krediet:
            self.krediet = self._vul(self.krediet, datum, None)
        totaal = NUL
        for i in range(self.wijzer, len(self.schema)):
            t = self.schema[i]
            if t.vervaldatum > datum:
                break
            totaal += t.bedrag - self.betaald[i]
        return totaal

    def ontvang(self, *, datum: date, bedrag: Decimal, met_kosten: bool) -> Verdeling:
        """Allocate one receipt as ``inning.services._verdeel`` does."""
        open_termijnen: list[OpenTermijn] = []
        if datum <= self.grens:
            if self.krediet:  # the engine re-allocates earlier overpayments to termijnen due since
                self.krediet = self._vul(self.krediet, datum, None)
            som = NUL
            for i in range(self.wijzer, len(self.schema)):
                t = self.schema[i]
                if t.vervaldatum > datum:
                    break
                open_ = t.bedrag - self.betaald[i]
                open_termijnen.append(OpenTermijn(sleutel=i, vervaldatum=t.vervaldatum, open=open_))
                som += open_
                if som >= bedrag:
                    break  # a prefix that covers the receipt allocates exactly as the whole list
        kosten = max(NUL, self.open_kosten) if met_kosten else NUL
        split = toereken_ontvangst(bedrag=bedrag, datum=datum, termijnen=open_termijnen, kosten=kosten)
        self.open_kosten -= split.kosten
        delen: OrderedDict[tuple[str, date | None, str], Decimal] = OrderedDict()
        if split.kosten:
            delen[("kosten", None, "")] = split.kosten
        for deel in split.termijnen:
            i = deel.sleutel
            self.betaald[i] += deel.bedrag
            t = self.schema[i]
            sleutel = ("termijn", t.vervaldatum, t.omschrijving[:200])
            delen[sleutel] = delen.get(sleutel, NUL) + deel.bedrag
        while self.wijzer < len(self.schema) and self.betaald[self.wijzer] == self.schema[self.wijzer].bedrag:
            self.wijzer += 1
        if split.rest:
            delen[("vooruit", None, "")] = split.rest
            if datum <= self.grens:
                self.krediet += split.rest
        pct, btw_pct = tarief_op(self.tarieven, datum)
        p = provisie_bereken(bedrag=bedrag - split.kosten, percentage=pct, btw_percentage=btw_pct)
        return Verdeling(
            kosten=split.kosten,
            provisie=p.provisie,
            btw=p.waarvan_btw,
            naar_client=p.naar_client,
            delen=tuple((s, v, o, b) for (s, v, o), b in delen.items()),
        )


# --- Bulk rows ------------------------------------------------------------------------------------------


class Grootboekschrijver:
    """Queues the rows ``inning.services`` would write for costs and receipts of demo dossiers on a
    ``demo.seed.Bulk`` writer; the new accounts and the month statements are written per block by
    ``rekeningen_schrijf``."""

    def __init__(self, w, *, bureau_iban: str) -> None:
        self.w = w
        self.bureau_iban = bureau_iban
        self.r = {code: ledger.rekening(code).pk for code in ledger.AGENCY_REKENINGEN}
        self.client_rek: dict[int, int] = {}
        self.dossier_rek: dict[int, tuple[int, int]] = {}
        self.nieuw: dict[int, tuple[str, str, int | None, int | None]] = {}
        self.afschriften: dict[tuple[int, int], list] = {}

        # The hot rows are queued complete; make sure the column order is what the code below writes.
        assert w.kolommen_van(Journaalregel) == ["id", "post_id", "rekening_id", "bedrag"]
        assert w.kolommen_van(Toerekening) == [
            "id",
            "toewijzing_id",
            "soort",
            "vervaldatum",
            "omschrijving",
            "bedrag",
        ]

    # accounts
    def _rekening_nieuw(self, code: str, *, dossier_id=None, client_id=None) -> int:
        soort = ledger.CLIENT_REKENINGEN.get(code) or ledger.DOSSIER_REKENINGEN[code]
        pk = self.w.nieuw_id(Rekening)
        self.nieuw[pk] = (code, str(soort), dossier_id, client_id)
        return pk

    def client_rekening(self, client, *, bestaand: bool) -> int:
        pk = self.client_rek.get(client.pk)
        if pk is None:
            if bestaand:  # a demo user's client from an earlier run may have the account already
                pk = (
                    Rekening.objects.filter(code="verschuldigd_aan_client", client_id=client.pk)
                    .values_list("id", flat=True)
                    .first()
                )
            if pk is None:
                pk = self._rekening_nieuw("verschuldigd_aan_client", client_id=client.pk)
            self.client_rek[client.pk] = pk
        return pk

    def dossier_rekeningen(self, dossier_id: int) -> tuple[int, int]:
        paar = self.dossier_rek.get(dossier_id)
        if paar is None:
            paar = self.dossier_rek[dossier_id] = (
                self._rekening_nieuw("te_ontvangen_debiteur", dossier_id=dossier_id),
                self._rekening_nieuw("deurwaarderskosten", dossier_id=dossier_id),
            )
        return paar

    def _post(self, *, datum, omschrijving, bron_type, bron_id, sleutel, regels, op) -> int:
        w = self.w
        assert sum((b for _, b in regels), NUL) == 0 and len(regels) >= 2, sleutel
        pk = w.rij(
            Journaalpost,
            datum=datum,
            omschrijving=omschrijving[:300],
            bron_type=bron_type,
            bron_id=str(bron_id),
            door_id=None,
            sleutel=sleutel[:120],
            tegenboeking_van_id=None,
            aangemaakt_op=op,
        )
        for rekening_id, bedrag in regels:
            w.rij_vast(Journaalregel, [w.nieuw_id(Journaalregel), pk, rekening_id, bedrag])
        return pk

    def _op_id(self, regels: list[boekingen.Regel], *, client_rekening: int | None = None) -> list:
        """A recipe's lines on account ids, zero lines dropped as ``journaalpost_boek`` drops them."""
        uit = []
        for r in regels:
            if not r.bedrag:
                continue
            if r.client is not None:
                pk = client_rekening
            elif r.dossier is not None:
                te_ontvangen, deurwaarderskosten = self.dossier_rekeningen(r.dossier)
                pk = te_ontvangen if r.rekening == "te_ontvangen_debiteur" else deurwaarderskosten
            else:
                pk = self.r[r.rekening]
            uit.append((pk, r.bedrag))
        return uit

    # bookings
    def kosten(self, *, dossier_id: int, datum: date, bedrag: Decimal, omschrijving: str, sleutel: str, op):
        """``inning.services.kosten_registreer``."""

        post = self._post(
            datum=datum,
            omschrijving=f"Kosten ten laste van de debiteur: {omschrijving}",
            bron_type="kostenpost",
            bron_id=sleutel[:64],
            sleutel=f"kosten:{sleutel}",
            regels=self._op_id(boekingen.kosten(dossier=dossier_id, bedrag=bedrag)),
            op=op,
        )
        self.w.rij(
            Kostenpost,
            dossier_id=dossier_id,
            datum=datum,
            bedrag=bedrag,
            omschrijving=omschrijving[:300],
            post_id=post,
            sleutel=sleutel,
        )

    def ontvangst(
        self,
        *,
        dossier,
        client_rekening: int,
        toerekenaar: Toerekenaar,
        datum: date,
        bedrag: Decimal,
        op,
        tegenrekening: str = "",
        tegenpartij: str = "",
        beslag: tuple[int, str, str] | None = None,  # (BeslagOntvangst id, sleutel, omschrijving)
    ) -> int:
        """A bank credit matched on its RF reference (``ontvangst_bank_registreer`` + ``ontvangst_koppel``),
        or with ``beslag`` a bailiff's transfer (``ontvangst_registreer``). Returns the receipt's id."""

        w = self.w
        ontvangst_id = w.nieuw_id(Ontvangst)
        if beslag is None:
            sleutel_maand = (datum.year, datum.month)
            afschrift = self.afschriften.get(sleutel_maand)
            if afschrift is None:
                afschrift = self.afschriften[sleutel_maand] = [w.nieuw_id(Bankafschrift), 0, op]
            afschrift[1] += 1
            afschrift[2] = max(afschrift[2], op)
            omschrijving_bank = f"Alimentatie {dossier.nummer}"
            regel_id = w.rij(
                Bankregel,
                afschrift_id=afschrift[0],
                iban=self.bureau_iban,
                referentie=f"DEMO-{ontvangst_id}",
                datum=datum,
                bedrag=bedrag,
                tegenrekening=tegenrekening,
                tegenpartij=tegenpartij,
                omschrijving=omschrijving_bank,
                kenmerk=dossier.betaalkenmerk,
                end_to_end_id="",
                verwerking="ontvangst",
                aangemaakt_op=op,
            )
            omschrijving = " ".join(x for x in (tegenpartij, dossier.betaalkenmerk, omschrijving_bank) if x)[
                :300
            ]
            bron, bron_type, bron_id, sleutel = "bank", "bankregel", str(regel_id), f"bankregel:{regel_id}"
        else:
            regel_id = None
            bo_id, beslag_sleutel, omschrijving = beslag
            bron, bron_type, bron_id = "deurwaarder", "beslag", str(bo_id)
            sleutel = f"extern:{beslag_sleutel}"[:120]
        post1 = self._post(
            datum=datum,
            omschrijving=f"Ontvangst {omschrijving}".strip(),
            bron_type=bron_type,
            bron_id=bron_id,
            sleutel=f"ontvangst:{ontvangst_id}",
            regels=self._op_id(boekingen.ontvangst(bedrag=bedrag)),
            op=op,
        )
        w.rij(
            Ontvangst,
            id=ontvangst_id,
            bron=bron,
            bron_type=bron_type,
            bron_id=bron_id,
            bankregel_id=regel_id,
            post_id=post1,
            dossier_id=dossier.pk,
            datum=datum,
            bedrag=bedrag,
            omschrijving=omschrijving,
            status="gematcht",
            suggestie_id=None,
            suggestie_reden="",
            sleutel=sleutel,
            aangemaakt_op=op,
        )
        v = toerekenaar.ontvang(datum=datum, bedrag=bedrag, met_kosten=True)
        regels = self._op_id(
            boekingen.toewijzing(
                bedrag=bedrag,
                client=dossier.client_id,
                dossier=dossier.pk,
                naar_client=v.naar_client,
                provisie=v.provisie,
                btw=v.btw,
                kosten=v.kosten,
            ),
            client_rekening=client_rekening,
        )
        post2 = self._post(
            datum=datum,
            omschrijving=f"Toerekening ontvangst {bedrag} aan dossier {dossier.nummer}",
            bron_type="toewijzing",
            bron_id=ontvangst_id,
            sleutel=f"toewijzing:{ontvangst_id}:1",
            regels=regels,
            op=op,
        )
        toewijzing = w.rij(
            Toewijzing,
            ontvangst_id=ontvangst_id,
            dossier_id=dossier.pk,
            post_id=post2,
            provisie=v.provisie,
            btw=v.btw,
            naar_client=v.naar_client,
            kosten=v.kosten,
            automatisch=True,
            door_id=None,
            op=op,
            ongedaan_op=None,
            ongedaan_door_id=None,
        )
        for soort, vervaldatum, omschr, deel in v.delen:
            w.rij_vast(Toerekening, [w.nieuw_id(Toerekening), toewijzing, soort, vervaldatum, omschr, deel])
        w.rij(
            TijdlijnGebeurtenis,
            dossier_id=dossier.pk,
            soort="betaling",
            op=op,
            door_id=None,
            tekst=f"Betaling van {euro(bedrag)} ontvangen ({datum:%d-%m-%Y}).",
            intern=False,
            document_id=None,
            sleutel=f"ontvangst:{ontvangst_id}:1:gematcht",
        )
        return ontvangst_id

    def rekeningen_schrijf(self) -> None:
        """End of a block: the new accounts and the month statements of its receipts."""

        for pk, (code, soort, dossier_id, client_id) in self.nieuw.items():
            self.w.rij(
                Rekening,
                id=pk,
                code=code,
                soort=soort,
                dossier_id=dossier_id,
                client_id=client_id,
            )
        self.nieuw = {}
        for (jaar, maand), (pk, aantal, op) in sorted(self.afschriften.items()):
            self.w.rij(
                Bankafschrift,
                id=pk,
                bestandsnaam=f"demo-camt053-{jaar}-{maand:02d}-{pk}.xml",
                inhoud=b"",
                formaat="camt053",
                status="klaar",
                iban=self.bureau_iban,
                afschrift_id=f"DEMO-{jaar}{maand:02d}-{pk}",
                regels_totaal=aantal,
                regels_verwerkt=aantal,
                resultaat={
                    "regels": aantal,
                    "nieuw": aantal,
                    "al_bekend": 0,
                    "gematcht": aantal,
                    "ongematcht": 0,
                },
                aangemaakt_op=op,
            )
        self.afschriften = {}
