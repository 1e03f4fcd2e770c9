"""The one error the pure beslag functions raise: invalid input, with a Dutch message per field."""

from __future__ import annotations


class OngeldigeInvoer(ValueError):
    """Input the law cannot be applied to. `veld` names the input field so a form or API can show it there."""

    def __init__(self, veld: str, bericht: str) -> None:
        super().__init__(bericht)
        self.veld = veld
        self.bericht = bericht
