"""The bailiff track in a demo dossier's history: consent, the instruction, service of the title, a wage or
bank garnishment with its follow-up steps and their costs, and what the garnishment yields month by month.
A part of ``demo.verloop.Verloopschrijver``, which supplies ``_ontvang``, ``_patroon`` and the row writers
(``demo.beslag.Beslagschrijver`` for the bailiff's rows, ``demo.geld`` for costs and receipts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from demo.beslag import moment_op
from demo.context import moment_om, plus_maand, rond5


class Deurwaarderverloop:
    def _deurwaarder(self, ctx, begin: datetime, beslag_moment: datetime | None, einde: date) -> None:
        rng, bs, cm = ctx.rng, self.beslag, ctx.door_id
        client_user = ctx.dos.client.user_id
        start = begin.date()
        gevraagd = begin - timedelta(days=rng.randint(4, 10))
        self.incasso.toestemming(
            dossier_id=ctx.dos.pk,
            soort="formeel_bevel",
            gevraagd=gevraagd,
            gegeven=gevraagd + timedelta(hours=rng.randint(3, 60)),
            door_id=cm,
            client_user_id=client_user,
        )
        kantoor = rng.choice(bs.kantoren)
        betekening = start + timedelta(days=rng.randint(4, 12))
        if beslag_moment is not None:
            betekening = min(betekening, beslag_moment.date() - timedelta(days=2))
        betekening = max(betekening, start)
        heeft_stap = betekening <= einde
        opdracht = bs.opdracht(
            dossier_id=ctx.dos.pk,
            kantoor=kantoor,
            datum=start,
            door_id=cm,
            beantwoord=betekening if heeft_stap else None,
            moment=begin,
        )
        ctx.zie(begin)
        stappen = []  # (soort, datum, beslag_id)
        if heeft_stap:
            stappen.append(("betekening_titel", betekening, None))
        beslag_id = None
        deb = ctx.d.debiteur
        if beslag_moment is not None:
            bdag = beslag_moment.date()
            loon = bool(deb["werkgever"])
            soort = "loon" if loon else "bank"
            derde = bs.derden[deb["werkgever"]] if loon else bs.derden[rng.choice(sorted(bs.derden)[-4:])]
            self.incasso.toestemming(
                dossier_id=ctx.dos.pk,
                soort="loonbeslag" if loon else "bankbeslag",
                gevraagd=beslag_moment - timedelta(days=rng.randint(3, 8)),
                gegeven=beslag_moment - timedelta(days=1),
                door_id=cm,
                client_user_id=client_user,
            )
            maandbedrag = rond5(rng.uniform(150, 650)) if loon else None
            beslag_id = bs.beslag(
                dossier_id=ctx.dos.pk,
                opdracht_id=opdracht,
                soort=soort,
                derde=derde,
                datum=bdag,
                maandbedrag=maandbedrag,
                moment=beslag_moment,
            )
            stappen.append(("loonbeslag" if loon else "bankbeslag", bdag, beslag_id))
            over = bdag + timedelta(days=rng.randint(2, 7))
            if over <= einde:
                stappen.append(("overbetekening", over, beslag_id))
            verklaring = bdag + timedelta(days=rng.randint(10, 25))
            if verklaring <= einde:
                stappen.append(("derdenverklaring", verklaring, beslag_id))
        # Steps, their costs and the garnishment's yield, in date order.
        gebeurtenissen = []
        for i, (soort, dag, b_id) in enumerate(stappen):
            volgende = stappen[i + 1][1] if i + 1 < len(stappen) else None
            gebeurtenissen.append((dag, 0, "stap", (soort, b_id, volgende)))
        if beslag_id is not None:
            bdag = beslag_moment.date()
            if maandbedrag is not None:
                maand = plus_maand(bdag, 1)
                while True:
                    dag = plus_maand(maand, 1) + timedelta(days=rng.randint(5, 12))
                    if dag > einde:
                        break
                    bedrag = maandbedrag if rng.random() < 0.85 else rond5(maandbedrag * Decimal("0.6"))
                    gebeurtenissen.append((dag, 2, "afdracht", (maand, maandbedrag, bedrag)))
                    maand = plus_maand(maand, 1)
            else:
                dag = bdag + timedelta(days=rng.randint(10, 30))
                if dag <= einde:
                    bedrag = rond5(rng.uniform(100, 2500))
                    gebeurtenissen.append((dag, 2, "afdracht", (bdag.replace(day=1), bedrag, bedrag)))
        elif rng.random() < 0.3:  # a debtor who pays something once the bailiff is at the door
            gebeurtenissen += self._patroon(ctx, "deels", start, einde)
        gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
        for dag, _volg, soort, waarde in gebeurtenissen:
            if soort == "bank":
                self._ontvang(ctx, dag, waarde)
            elif soort == "stap":
                stap_soort, b_id, volgende = waarde
                kosten = Decimal("0.00")
                if stap_soort != "derdenverklaring":
                    tarief, _a, _h = bs.tarief(stap_soort, dag)
                    kosten = (
                        tarief if tarief is not None and rng.random() < 0.8 else rond5(rng.uniform(110, 190))
                    )
                moment = moment_op(dag, rng.randint(9, 16))
                afgerond = moment_op(volgende, 17) if volgende else None
                pk = bs.stap(
                    dossier_id=ctx.dos.pk,
                    opdracht_id=opdracht,
                    beslag_id=b_id,
                    beslag_datum=beslag_moment.date() if beslag_moment else None,
                    soort=stap_soort,
                    datum=dag,
                    kosten=kosten,
                    omschrijving=kantoor.naam,
                    door_id=cm,
                    afgerond=afgerond,
                    moment=moment,
                )
                if kosten > 0:
                    self.geld.kosten(
                        dossier_id=ctx.dos.pk,
                        datum=dag,
                        bedrag=kosten,
                        omschrijving=f"Deurwaarderskosten: {bs.stap_labels[stap_soort]} ({kantoor.naam})",
                        sleutel=f"beslagstap:{pk}",
                        op=moment,
                    )
                    ctx.t.kosten(kosten)
                ctx.zie(moment)
            else:  # afdracht
                maand, verwacht, bedrag = waarde
                bo = bs.maand(
                    beslag_id=beslag_id, maand=maand, verwacht=verwacht, ontvangen=bedrag, datum=dag
                )
                sleutel = f"beslag:{beslag_id}:{maand:%Y-%m}:{dag.isoformat()}:{bedrag}"
                label = bs.beslag_labels["loon" if maandbedrag is not None else "bank"]
                self._ontvang(
                    ctx, dag, bedrag, beslag=(bo, sleutel, f"Afdracht deurwaarder {label} {maand:%m-%Y}")
                )
                bs.ontvangst_tijdlijn(
                    dossier_id=ctx.dos.pk,
                    soort="loon" if maandbedrag is not None else "bank",
                    maand=maand,
                    bedrag=bedrag,
                    sleutel=sleutel,
                    op=min(moment_om(dag + timedelta(days=1), 8), self.w.nu),
                )
        self.aantal["deurwaarder"] += 1
