"""The payment arrangement in a demo dossier's history: proposed, approved by the client, its instalments
paid (with the current alimony, one transfer) and judged as the hourly ``regeling_controle`` would have
judged them by now; fulfilled on a ``gesloten`` dossier. A part of ``demo.verloop.Verloopschrijver``, which
supplies ``_ontvang``, ``_brief``, ``werkdagen_na``, ``controle_grens`` and the row writers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from demo.context import plus_maand, rond5


class Regelingverloop:
    def _regeling(self, ctx, begin: datetime, gesloten: datetime | None, einde: date) -> None:
        rng, t = ctx.rng, ctx.t
        start = begin.date()
        open_ = max(t.open_op(start), Decimal("250.00"))
        voorgesteld = max(
            begin - timedelta(days=rng.randint(2, 6)), ctx.d.momenten["actief"] + timedelta(hours=3)
        )
        data = []
        dag = plus_maand(start, ctx.vervaldag)
        if gesloten is None:
            per_maand = rond5(rng.uniform(75, 400))
            aantal = max(3, min(24, int(open_ // per_maand) + 1))
            data = []
            for _ in range(aantal):
                data.append(dag)
                dag = plus_maand(dag, ctx.vervaldag)
        else:
            while dag < gesloten.date():
                data.append(dag)
                dag = plus_maand(dag, ctx.vervaldag)
            data = data or [gesloten.date()]
        deel = (open_ / len(data)).quantize(Decimal("1"), rounding="ROUND_UP").quantize(Decimal("0.01"))
        bedragen = [deel] * (len(data) - 1) + [open_ - deel * (len(data) - 1)]
        if bedragen[-1] <= 0:
            data, bedragen = data[:-1], bedragen[:-1]
        for dag, bedrag in zip(data, bedragen, strict=True):
            if dag <= einde:  # paid on the due date: current alimony plus the instalment, one transfer
                lopend = sum(
                    (b for v, b in ctx.maanden if v.year == dag.year and v.month == dag.month),
                    Decimal("0.00"),
                )
                self._ontvang(ctx, dag, lopend + bedrag)
        if gesloten is not None:
            termijnen = [
                (dag, bedrag, "betaald", self.werkdagen_na(dag, 1))
                for dag, bedrag in zip(data, bedragen, strict=True)
            ]
        else:
            termijnen = self._regeltermijnen_gecontroleerd(
                ctx, start=timezone.localtime(voorgesteld).date(), data=data, bedragen=bedragen
            )
        if gesloten is not None:  # closed: the debtor paid off what was left
            rest = t.open_op(gesloten.date())
            if rest > 0:
                self._ontvang(ctx, gesloten.date(), rest)
        cm, client_user = ctx.door_id, ctx.dos.client.user_id
        self.incasso.regeling(
            dossier_id=ctx.dos.pk,
            status="nagekomen" if gesloten is not None else "loopt",
            voorgesteld=voorgesteld,
            beoordeeld=begin,
            beeindigd=gesloten,
            termijnen=termijnen,
            door_id=cm,
            client_user_id=client_user,
        )
        self._brief(
            ctx,
            "regeling_bevestiging",
            begin + timedelta(hours=2),
            sleutel=f"regeling:{ctx.dos.pk}:bevestiging",
        )
        self.aantal["regelingen"] += 1

    def _regeltermijnen_gecontroleerd(self, ctx, *, start: date, data: list, bedragen: list) -> list:
        """The instalments of a running arrangement as the hourly ``regeling_controle`` left them by now.

        The check judges an instalment due on D on the calendar day after the first working day W on or after
        D, against the receipts from the proposal day up to W: paid when they cover the instalments up to and
        including this one. It stops at the first one not covered (that one is left open: the first sweep
        after the seed finds it missed), and what is not due up to ``controle_grens`` is not judged yet."""
        termijnen = []
        cumulatief = Decimal("0.00")
        gemist = False
        for dag, bedrag in zip(data, bedragen, strict=True):
            cumulatief += bedrag
            status, op = "open", None
            if not gemist and dag <= self.controle_grens:
                werkdag = self.werkdagen_na(dag, 0)
                betaald = sum((b for d, b in ctx.ontvangen if start <= d <= werkdag), Decimal("0.00"))
                if betaald >= cumulatief:
                    status, op = "betaald", werkdag + timedelta(days=1)
                else:
                    gemist = True
            termijnen.append((dag, bedrag, status, op))
        return termijnen
