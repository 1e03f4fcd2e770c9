"""The salutation of a letter per Dutch convention: "Geachte heer Jansen", "Geachte mevrouw De Vries", or
"Geachte heer/mevrouw Jansen" when the gender is not known; never the first name ("Geachte heer/mevrouw
Henk Jansen" reads as a form letter). A tussenvoegsel is capitalised when no first name or initial
precedes it ("Geachte heer Van der Berg")."""

from __future__ import annotations

__all__ = ["aanhef", "achternaam"]

TUSSENVOEGSELS = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "onder",
        "uit",
        "voor",
        "la",
        "le",
    }
)


def achternaam(naam: str) -> str:
    """The surname in a full name: from the first tussenvoegsel or double-barrelled part after the first
    name, else the last word. 'Henk Jansen' → 'Jansen'; 'H.J. van der Berg' → 'Van der Berg';
    'Anna Jansen-de Vries' → 'Jansen-de Vries'."""
    delen = [d for d in naam.split() if not d.isdigit()]  # a trailing number is no part of a name
    if not delen:
        return naam.strip()
    if len(delen) == 1:
        return delen[0]
    begin = len(delen) - 1
    for i in range(1, len(delen)):
        if delen[i].lower() in TUSSENVOEGSELS or "-" in delen[i]:
            begin = i
            break
    rest = " ".join(delen[begin:])
    return rest[:1].upper() + rest[1:]


def aanhef(naam: str, geslacht: str = "") -> str:
    """'Geachte heer Jansen' (geslacht 'm'), 'Geachte mevrouw Jansen' ('v'), else 'Geachte heer/mevrouw
    Jansen'."""
    titel = {"m": "heer", "v": "mevrouw"}.get(geslacht, "heer/mevrouw")
    return f"Geachte {titel} {achternaam(naam)}"
