from django.urls import path

from . import machtiging, views

app_name = "debiteur"

urlpatterns = [
    path("", views.inloggen, name="inloggen"),
    path("link/<str:token>/", views.link, name="link"),
    path("uitloggen/", views.uitloggen, name="uitloggen"),
    path("overzicht/", views.overzicht, name="overzicht"),
    path("brieven/", views.brieven, name="brieven"),
    path("brieven/<int:brief_id>/", views.brief, name="brief"),
    path("betalen/", views.betalen, name="betalen"),
    path("betalingen/<int:betaling_id>/", views.betaling, name="betaling"),
    path("machtiging/", machtiging.machtiging, name="machtiging"),
    path("machtiging/<int:pk>/intrekken/", machtiging.machtiging_intrekken, name="machtiging_intrekken"),
]
