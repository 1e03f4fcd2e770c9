"""Names as banks write them: does the account holder's name fit the debtor's? Read by the matching of a
statement line (``bank.matching``) and by the suggestions of the work queue (``bank.suggesties``)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["naam_delen", "naam_past", "naam_woorden"]

# Words in a bank's account-holder name that are not part of the person's name.
_AANHEF = {
    "dhr",
    "hr",
    "heer",
    "de heer",
    "mevr",
    "mw",
    "mevrouw",
    "mr",
    "mrs",
    "ms",
    "fam",
    "familie",
    "eo",
    "en",
    "of",
}
_TUSSENVOEGSELS = {"van", "de", "der", "den", "het", "ter", "te", "ten", "in", "t", "la", "le", "du", "da", "di", "von", "vd", "op", "uit"}  # fmt: skip
_NIET_LETTER = re.compile(r"[^0-9a-z]+")


def naam_delen(naam: str) -> list[str]:
    """``"Dhr. K.J. Péters"`` → ``["k", "j", "peters"]``: accents off, case folded, titles and punctuation
    removed (a dot or hyphen separates words)."""
    zonder = "".join(c for c in unicodedata.normalize("NFKD", naam or "") if not unicodedata.combining(c))
    return [w for w in _NIET_LETTER.sub(" ", zonder.casefold()).split() if w not in _AANHEF]


def naam_woorden(delen: list[str]) -> list[str]:
    """The full words of a name (no initials, no "van", "de", …): what must agree between two names."""
    return [w for w in delen if len(w) > 1 and w not in _TUSSENVOEGSELS]


def naam_past(betaler: str, debiteur: str) -> bool:
    """Does the payer's name fit the debtor's? Every full word of the payer's name is a word of the debtor's,
    the debtor's surname (last word) among them, and a first initial is that of the debtor's first name.
    "K. Peters" and "PETERS KEVIN" fit Kevin Peters; "J. Peters" and "K. Pieters" do not."""
    d = naam_woorden(naam_delen(debiteur))
    p = naam_delen(betaler)
    p_woorden = naam_woorden(p)
    if not d or d[-1] not in p_woorden:
        return False
    rest = list(d)
    for w in p_woorden:
        if w not in rest:
            return False
        rest.remove(w)
    initialen = [w for w in p if len(w) == 1 and w not in _TUSSENVOEGSELS]
    return not (initialen and len(d) > 1 and initialen[0] != d[0][0])
