from django.contrib import admin
from django.contrib.admin import AdminSite
from django.http import HttpRequest

from .roles import BEHEERDER, heeft_rol


def beveilig_admin(site: AdminSite) -> None:
    """The admin is for beheerders who passed TOTP; everyone else is sent to the normal login."""

    def has_permission(request: HttpRequest) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", None)
        return bool(
            user.is_active
            and user.is_staff
            and heeft_rol(user, BEHEERDER)
            and verified is not None
            and verified()
        )

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = lambda request, extra_context=None: _naar_login(request)  # type: ignore[method-assign]
    site.site_header = "NLAI Inning — beheer"
    site.site_title = "NLAI Inning beheer"
    site.index_title = "Beheer"


def _naar_login(request: HttpRequest):
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.get_full_path())


class AlleenLezenAdmin(admin.ModelAdmin):
    """Logs and evidence: the beheerder reads them; nobody adds, edits or deletes a row by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
