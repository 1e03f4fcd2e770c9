"""Access checks for staff pages, portal pages and the API. Staff must have passed TOTP."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import BEHEERDER, CLIENT, FINANCIEEL, STAFF_ROLLEN, heeft_rol


def _is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def staff_toegang(request: HttpRequest, rollen: tuple[str, ...] = STAFF_ROLLEN) -> bool:
    return request.user.is_authenticated and heeft_rol(request.user, *rollen) and _is_verified(request)


def staff_required(*rollen: str, schrijven: tuple[str, ...] | None = None) -> Callable:
    """Decorator for staff views: the roles that may read (GET, HEAD) and, with ``schrijven``, the roles that
    may change something (POST and the other unsafe methods; by default the same roles). Every staff view
    names its roles: ``@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER, schrijven=(CASEMANAGER, BEHEERDER))``.
    Anonymous → login; wrong role or no TOTP → 403."""
    if not rollen:
        raise TypeError(
            "staff_required needs the roles it allows, e.g. staff_required(CASEMANAGER, BEHEERDER)."
        )
    lezen = tuple(rollen)
    schrijf_rollen = tuple(schrijven) if schrijven is not None else lezen
    onbekend = (set(lezen) | set(schrijf_rollen)) - set(STAFF_ROLLEN)
    if onbekend:
        raise ValueError(f"Onbekende rol voor staff_required: {sorted(onbekend)}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            toegestaan = lezen if request.method in SAFE_METHODS else schrijf_rollen
            if not staff_toegang(request, toegestaan):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_rollen = lezen  # type: ignore[attr-defined]
        wrapped.staff_rollen_schrijven = schrijf_rollen  # type: ignore[attr-defined]
        return wrapped

    return decorator


def eigen_client(request: HttpRequest):
    """The client record of the logged-in portal user; 404 for a client-role user without one, so every portal
    query scoped to it answers 404 and never another client's row."""
    client = getattr(request.user, "client", None)
    if client is None:
        raise Http404
    return client


def client_required(view: Callable) -> Callable:
    """Decorator for portal views: only users with the client role."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not heeft_rol(request.user, CLIENT):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class StaffRequiredMixin:
    """Class-based staff views state ``staff_rollen`` (read) and optionally ``staff_rollen_schrijven``."""

    staff_rollen: tuple[str, ...] = ()
    staff_rollen_schrijven: tuple[str, ...] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not self.staff_rollen:
            raise TypeError(f"{type(self).__name__} must state staff_rollen.")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        schrijven = self.staff_rollen_schrijven or self.staff_rollen
        toegestaan = self.staff_rollen if request.method in SAFE_METHODS else schrijven
        if not staff_toegang(request, toegestaan):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClientRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not heeft_rol(request.user, CLIENT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IsStaffRol(BasePermission):
    """DRF: staff role and TOTP-verified session. Subclasses state ``rollen``; ``staff_rollen(...)`` makes one."""

    rollen: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        if not self.rollen:
            raise TypeError(f"{type(self).__name__} must state rollen.")
        return staff_toegang(request, self.rollen)


def staff_rollen(*rollen: str) -> type[IsStaffRol]:
    """A DRF permission class for exactly these staff roles: ``permission_classes = [staff_rollen(...)]``."""
    return type(f"StaffRollen_{'_'.join(rollen)}", (IsStaffRol,), {"rollen": tuple(rollen)})


class IsFinancieel(IsStaffRol):
    rollen = (FINANCIEEL, BEHEERDER)


class IsClient(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and heeft_rol(request.user, CLIENT)
