"""Each dossier's history after acceptance (``Verloopschrijver``): receipts booked in the ledger exactly as
``inning.services`` books them (allocation per art. 6:43/6:44 BW, commission from the tariff table;
``demo.geld``), letters (``demo.brieven``), payment arrangements on dossiers in ``regeling`` (kept, or fulfilled
on ``gesloten`` ones; ``demo.regeling``) and bailiff tracks with costs and garnishments on
``deurwaarder``/``beslag`` dossiers (``demo.deurwaarder``, rows by ``demo.beslag``). Each dossier's history
draws from its own ``Random(seed, index)``, so it is the same for the same seed whatever else is loaded.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from demo.beslag import Beslagschrijver
from demo.brieven import Incassoschrijver
from demo.context import Ctx, moment_om, rond5
from demo.deurwaarder import Deurwaarderverloop
from demo.geld import Grootboekschrijver, Toerekenaar, provisie_tarieven, schema_maak
from demo.namen import WERKGEVERS
from demo.plan import DemoDossier
from demo.regeling import Regelingverloop
from demo.schrijven import Bulk
from incasso.letters import BETAALTERMIJN_DAGEN, BRIEVEN_MET_TERMIJN
from recht.kalender import Kalender
from tarieven.selectors import indexatie_tabel

PATRONEN = {  # how a debtor pays after the first reminder, with weights per state
    "actief": {"op_tijd": 22, "laat": 18, "deels": 20, "wisselend": 22, "geen": 18},
    "voor": {"deels": 30, "wisselend": 35, "geen": 35},  # before an arrangement, bailiff or suspension
}


class Verloopschrijver(Regelingverloop, Deurwaarderverloop):
    """Per dossier: what happened after acceptance, in date order, so each receipt is allocated against the
    state the application would have seen. Randomness per dossier comes from its own ``Random`` (seed and
    plan index), so the history of dossier i does not depend on the others."""

    def __init__(self, w: Bulk, *, seed: int, vandaag: date, casemanagers: list, kalender: Kalender) -> None:
        self.w = w
        self.seed = seed
        self.vandaag = vandaag
        self.casemanagers = casemanagers
        self.kalender = kalender
        self.indexatie = indexatie_tabel()
        self.tarieven = provisie_tarieven()
        self.geld = Grootboekschrijver(w, bureau_iban=settings.BUREAU["iban"])
        self.incasso = Incassoschrijver(w)
        self.beslag = Beslagschrijver(w, werkgevers=WERKGEVERS, kalender=kalender)
        # Working-day answers per date: the same few thousand dates come back for every dossier, and
        # counting them again costs about 1 s per 100,000 letters.
        self._werkdag_na: dict[tuple[date, int], date] = {}
        self._betaaltermijn: dict[date, date] = {}
        # ``regeling_controle`` runs hourly and judges the instalments due up to the last working day before
        # its day; by now (today's first run is done) every instalment due up to that day has been judged.
        self.controle_grens = kalender.werkdagen_terug(vandaag, 1)
        self.aantal = {"betalingen": 0, "brieven": 0, "regelingen": 0, "deurwaarder": 0}

    def werkdagen_na(self, d: date, n: int) -> date:
        sleutel = (d, n)
        if sleutel not in self._werkdag_na:
            self._werkdag_na[sleutel] = self.kalender.werkdagen_na(d, n)
        return self._werkdag_na[sleutel]

    def betaaltermijn(self, d: date) -> date:
        """``incasso.letters.betaaltermijn_einde``: the payment deadline of a letter dated ``d``."""
        if d not in self._betaaltermijn:
            self._betaaltermijn[d] = self.kalender.termijn_einde_dagen(d, BETAALTERMIJN_DAGEN)
        return self._betaaltermijn[d]

    def rekeningen(self) -> None:
        self.geld.rekeningen_schrijf()

    # --- one dossier ---
    def dossier(self, d: DemoDossier, dos) -> datetime | None:
        """Queue the dossier's history; returns the moment of its last event (or None)."""
        if d.status in ("intake", "geweigerd"):
            return None
        rng = random.Random(self.seed * 1_000_003 + d.index)
        schema, grens = schema_maak(
            verplichtingen=[{**v} for v in d.verplichtingen],
            eenmalig=d.eenmalig,
            peildatum=self.vandaag,
            indexatie=self.indexatie,
        )
        # The incremental allocation holds while nothing is time-barred on a payment date (5 years).
        assert not schema or schema[0].vervaldatum.replace(year=schema[0].vervaldatum.year + 5) > self.vandaag
        t = Toerekenaar(schema, grens=grens, tarieven=self.tarieven)
        maanden: dict[date, Decimal] = {}
        for termijn in schema:
            if termijn.verplichting is not None:
                maanden[termijn.vervaldatum] = (
                    maanden.get(termijn.vervaldatum, Decimal("0.00")) + termijn.bedrag
                )
        ctx = Ctx(d=d, dos=dos, t=t, rng=rng, maanden=sorted(maanden.items()))
        ctx.client_rekening = self.geld.client_rekening(
            dos.client, bestaand=d.client_sleutel.startswith("user:")
        )
        ctx.door_id = dos.casemanager_id
        ctx.vervaldag = d.verplichtingen[0]["vervaldag"] if d.verplichtingen else 1

        m = d.momenten
        acceptatie = m["actief"]
        einde = min(self.vandaag, d.laatste_gebeurtenis_op.date() if d.stagnant else self.vandaag)
        if d.status == "gesloten":
            einde = m["gesloten"].date()
        volgende = next((m[s] for s in ("regeling", "deurwaarder", "opgeschort") if s in m), None)
        fase_einde = volgende.date() - timedelta(days=1) if volgende else einde

        # The first reminder goes out an hour after acceptance; some debtors pay part of the arrears at once.
        patroon_soort = "actief" if d.status == "actief" else "voor"
        patronen = PATRONEN[patroon_soort]
        patroon = rng.choices(list(patronen), list(patronen.values()))[0]
        gebeurtenissen = self._patroon(ctx, patroon, acceptatie.date(), fase_einde)
        if patroon != "geen" and rng.random() < 0.35:
            dag = acceptatie.date() + timedelta(days=rng.randint(3, 12))
            if dag <= fase_einde:
                gebeurtenissen.append((dag, 2, "aflossing", Decimal(str(round(rng.uniform(0.2, 1.0), 2)))))
        gebeurtenissen.append((acceptatie.date(), 1, "aanmaning", acceptatie + timedelta(hours=1)))
        if d.status in ("actief", "deurwaarder", "beslag", "opgeschort"):
            dag = self.werkdagen_na(self.betaaltermijn(acceptatie.date()), 1)
            if volgende is not None:
                dag = min(dag, volgende.date() - timedelta(days=1))
            if acceptatie.date() < dag <= einde:
                gebeurtenissen.append((dag, 1, "sommatie", moment_om(dag, 9)))
        self._verwerk(ctx, gebeurtenissen)

        if d.status in ("regeling", "gesloten"):
            self._regeling(ctx, m["regeling"], m.get("gesloten"), einde)
        elif d.status in ("deurwaarder", "beslag"):
            self._deurwaarder(ctx, m["deurwaarder"], m.get("beslag"), einde)
        return ctx.laatste

    def _patroon(self, ctx, patroon: str, van: date, tot: date) -> list:
        rng = ctx.rng
        uit = []
        for vervaldatum, basis in ctx.maanden:
            if vervaldatum > tot + timedelta(days=40):
                break
            if vervaldatum < van - timedelta(days=3):
                continue
            x = rng.random()
            if patroon == "op_tijd":
                dag, bedrag = vervaldatum - timedelta(days=rng.randint(0, 3)), basis if x < 0.95 else None
            elif patroon == "laat":
                dag, bedrag = vervaldatum + timedelta(days=rng.randint(5, 40)), basis if x < 0.9 else None
            elif patroon == "deels":
                dag = vervaldatum + timedelta(days=rng.randint(0, 10))
                bedrag = rond5(basis * Decimal(str(round(rng.uniform(0.3, 0.8), 2)))) if x < 0.85 else None
            elif patroon == "wisselend":
                dag = vervaldatum + timedelta(days=rng.randint(0, 20))
                bedrag = basis if x < 0.5 else (rond5(basis * Decimal("0.5")) if x < 0.7 else None)
            else:  # geen
                dag, bedrag = (
                    vervaldatum + timedelta(days=rng.randint(0, 20)),
                    Decimal("50.00") if x < 0.03 else None,
                )
            if bedrag and van <= dag <= tot:
                uit.append((dag, 2, "bank", bedrag))
        return uit

    def _verwerk(self, ctx, gebeurtenissen) -> None:
        """Dispatch in date order (costs, then letters, then money on the same day)."""
        gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
        for dag, _volg, soort, waarde in gebeurtenissen:
            if soort == "bank":
                self._ontvang(ctx, dag, waarde)
            elif soort == "aflossing":  # a share of what is open on that day
                open_ = ctx.t.open_op(dag)
                if open_ > 0:
                    self._ontvang(
                        ctx, dag, max(Decimal("5.00"), rond5(open_ * waarde)) if waarde < 1 else open_
                    )
            elif soort in ("aanmaning", "sommatie"):
                self._brief(ctx, soort, waarde)
            else:
                raise ValueError(soort)

    def _ontvang(self, ctx, dag: date, bedrag: Decimal, beslag=None) -> None:
        op = moment_om(dag + timedelta(days=1), 7, ctx.rng.randint(0, 59))
        op = min(op, self.w.nu)
        deb = ctx.d.debiteur
        self.geld.ontvangst(
            dossier=ctx.dos,
            client_rekening=ctx.client_rekening,
            toerekenaar=ctx.t,
            datum=dag,
            bedrag=bedrag,
            op=op,
            tegenrekening=deb["iban"],
            tegenpartij=deb["naam"],
            beslag=beslag,
        )
        ctx.zie(op)
        ctx.ontvangen.append((dag, bedrag))
        self.aantal["betalingen"] += 1

    def _brief(self, ctx, soort: str, moment: datetime, sleutel: str | None = None) -> None:
        dag = timezone.localtime(moment).date()
        deb = ctx.d.debiteur
        via = "email" if deb["email"] else ("post" if not deb["adres_onbekend"] else "")
        termijn = self.betaaltermijn(dag) if soort in BRIEVEN_MET_TERMIJN else None
        self.incasso.brief(
            dossier_id=ctx.dos.pk,
            soort=soort,
            sleutel=sleutel or f"{soort}:{ctx.dos.pk}",
            moment=moment,
            datum=dag,
            termijn_einde=termijn,
            bedrag=ctx.t.open_op(dag),
            via=via,
        )
        ctx.zie(moment)
        self.aantal["brieven"] += 1
