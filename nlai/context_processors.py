from django.http import HttpRequest

from accounts.roles import rol_van


def rol(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"rol": rol_van(user) if user is not None and user.is_authenticated else None}
