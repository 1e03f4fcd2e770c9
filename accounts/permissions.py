"""Access checks for staff pages, portal pages and the API. Staff must have passed TOTP."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

from .roles import CLIENT, STAFF_ROLLEN, heeft_rol


def _is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def staff_toegang(request: HttpRequest, rollen: tuple[str, ...] = STAFF_ROLLEN) -> bool:
    return request.user.is_authenticated and heeft_rol(request.user, *rollen) and _is_verified(request)


def staff_required(*rollen: str) -> Callable:
    """Decorator for staff views: anonymous → login; wrong role or no TOTP → 403."""
    toegestaan = rollen or STAFF_ROLLEN

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not staff_toegang(request, toegestaan):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_rollen = toegestaan  # type: ignore[attr-defined]
        return wrapped

    return decorator


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
    staff_rollen: tuple[str, ...] = STAFF_ROLLEN

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not staff_toegang(request, self.staff_rollen):
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
    """DRF: staff role and TOTP-verified session."""

    rollen: tuple[str, ...] = STAFF_ROLLEN

    def has_permission(self, request, view) -> bool:
        return staff_toegang(request, self.rollen)


class IsFinancieel(IsStaffRol):
    rollen = ("financieel", "beheerder")


class IsClient(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and heeft_rol(request.user, CLIENT)
