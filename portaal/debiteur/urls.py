from django.urls import path

from . import views, vragen

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
    # reports and questions (issue 16 points 5 and 7)
    path("contact/", vragen.overzicht, name="contact"),
    path("contact/rechtstreeks-betaald/", vragen.direct_betaald, name="direct_betaald"),
    path("contact/rechtstreeks-betaald/<int:melding_id>/", vragen.melding, name="melding"),
    path("contact/vraag/", vragen.vraag_nieuw, name="vraag_nieuw"),
    path("contact/vraag/<int:vraag_id>/", vragen.vraag, name="vraag"),
]
