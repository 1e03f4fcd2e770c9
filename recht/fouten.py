"""The errors the law functions raise: a missing table row, or input the law cannot be applied to."""

from __future__ import annotations


class TariefOntbreekt(LookupError):
    """A table has no row for the year or date asked for. The functions never guess a value."""

    def __init__(self, tabel: str, voor: object) -> None:
        self.tabel = tabel
        self.voor = voor
        super().__init__(f"Geen {tabel} bekend voor {voor}; een beheerder moet dit tarief invoeren.")


class OngeldigeInvoer(ValueError):
    """Input that the law cannot be applied to (e.g. a due day outside 1–28, an end before the start).

    ``veld`` names the input field so a form or API can show ``melding`` (Dutch) next to it.
    """

    def __init__(self, veld: str, melding: str) -> None:
        self.veld = veld
        self.melding = melding
        super().__init__(f"{veld}: {melding}")

    @property
    def bericht(self) -> str:
        """The message without the field name, for showing next to the field."""
        return self.melding
