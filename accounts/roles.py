"""The four roles are Django groups; staff roles must log in with TOTP."""

from typing import Any

CASEMANAGER = "casemanager"
FINANCIEEL = "financieel"
BEHEERDER = "beheerder"
CLIENT = "client"

STAFF_ROLLEN = (CASEMANAGER, FINANCIEEL, BEHEERDER)
ALLE_ROLLEN = (*STAFF_ROLLEN, CLIENT)

ROL_LABELS = {
    CASEMANAGER: "Casemanager",
    FINANCIEEL: "Financieel medewerker",
    BEHEERDER: "Beheerder",
    CLIENT: "Cliënt",
}


def rollen_van(user: Any) -> set[str]:
    """The role names of ``user`` (a User, AnonymousUser or None), cached on the user object."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_rollen_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(BEHEERDER)
        user._rollen_cache = cached
    return cached


def rol_van(user) -> str | None:
    """The user's main role, staff roles first (a user has one role in practice)."""
    rollen = rollen_van(user)
    for rol in ALLE_ROLLEN:
        if rol in rollen:
            return rol
    return None


def heeft_rol(user, *rollen: str) -> bool:
    return bool(rollen_van(user) & set(rollen))


def is_staff_rol(user) -> bool:
    return heeft_rol(user, *STAFF_ROLLEN)
