"""The states of a dossier and the transitions allowed between them. Pure: no ORM, no side effects.

::

                 ┌──────────► geweigerd (final)
                 │
    intake ──────┴──► actief ◄──────────────┐
                        │  ▲                │
            ┌───────────┼──┼────────┐       │
            ▼           ▼  │        ▼       │
        regeling ◄──► deurwaarder ──► beslag
            │               │              │
            └──────┬────────┴──────┬───────┘
                   ▼               ▼
              opgeschort       gesloten (final)
           (back to the open state it came from)

- intake → actief | geweigerd
- actief → regeling | deurwaarder | opgeschort | gesloten
- regeling → actief | deurwaarder | gesloten | opgeschort
- deurwaarder → beslag | actief | regeling | gesloten | opgeschort
- beslag → actief | gesloten | regeling | opgeschort
- opgeschort → the open state it was suspended from (actief, regeling, deurwaarder or beslag), or gesloten
- gesloten and geweigerd are final.

Suspending needs a reason and an end date; the services enforce that (`dossier_status_wijzig`).
"""

from __future__ import annotations

INTAKE = "intake"
ACTIEF = "actief"
REGELING = "regeling"
DEURWAARDER = "deurwaarder"
BESLAG = "beslag"
OPGESCHORT = "opgeschort"
GESLOTEN = "gesloten"
GEWEIGERD = "geweigerd"

OVERGANGEN: dict[str, frozenset[str]] = {
    INTAKE: frozenset({ACTIEF, GEWEIGERD}),
    ACTIEF: frozenset({REGELING, DEURWAARDER, OPGESCHORT, GESLOTEN}),
    REGELING: frozenset({ACTIEF, DEURWAARDER, GESLOTEN, OPGESCHORT}),
    DEURWAARDER: frozenset({BESLAG, ACTIEF, REGELING, GESLOTEN, OPGESCHORT}),
    BESLAG: frozenset({ACTIEF, GESLOTEN, REGELING, OPGESCHORT}),
    OPGESCHORT: frozenset({ACTIEF, REGELING, DEURWAARDER, BESLAG, GESLOTEN}),
    GESLOTEN: frozenset(),
    GEWEIGERD: frozenset(),
}
EINDSTATUSSEN = frozenset({GESLOTEN, GEWEIGERD})
# States a suspended dossier can return to (the one it was suspended from).
HERVATBAAR = frozenset({ACTIEF, REGELING, DEURWAARDER, BESLAG})


class OvergangNietToegestaan(ValueError):
    """A transition the state machine does not allow."""


def toegestane_overgangen(van: str, *, opgeschort_vanuit: str | None = None) -> frozenset[str]:
    """The states `van` may move to. From opgeschort only back to where it came from (or gesloten)."""
    if van == OPGESCHORT:
        if opgeschort_vanuit in HERVATBAAR:
            return frozenset({opgeschort_vanuit, GESLOTEN})
        return OVERGANGEN[OPGESCHORT]
    return OVERGANGEN.get(van, frozenset())


def is_toegestaan(van: str, naar: str, *, opgeschort_vanuit: str | None = None) -> bool:
    return naar in toegestane_overgangen(van, opgeschort_vanuit=opgeschort_vanuit)


def controleer_overgang(van: str, naar: str, *, opgeschort_vanuit: str | None = None) -> None:
    """Raise OvergangNietToegestaan (Dutch message) when `van → naar` is not allowed."""
    if not is_toegestaan(van, naar, opgeschort_vanuit=opgeschort_vanuit):
        if van in EINDSTATUSSEN:
            raise OvergangNietToegestaan(
                f"Een dossier met status '{van}' is afgesloten en kan niet meer wijzigen."
            )
        toegestaan = ", ".join(sorted(toegestane_overgangen(van, opgeschort_vanuit=opgeschort_vanuit)))
        raise OvergangNietToegestaan(
            f"Van status '{van}' naar '{naar}' is niet toegestaan (wel: {toegestaan or 'geen'})."
        )
