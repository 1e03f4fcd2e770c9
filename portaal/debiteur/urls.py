from django.urls import path

from . import bvv, machtiging, regeling, views, vragen

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
    path("regeling/", regeling.regeling, name="regeling"),
    path("regeling/voorstel/", regeling.regeling_voorstel, name="regeling_voorstel"),
    path("beslagvrije-voet/", bvv.vragenlijst, name="bvv"),
    path("beslagvrije-voet/bewijs/<int:document_id>/", bvv.bewijs, name="bvv_bewijs"),
    path("machtiging/", machtiging.machtiging, name="machtiging"),
    path("machtiging/<int:pk>/intrekken/", machtiging.machtiging_intrekken, name="machtiging_intrekken"),
    # reports and questions (issue 16 points 5 and 7)
    path("contact/", vragen.overzicht, name="contact"),
    path("contact/rechtstreeks-betaald/", vragen.direct_betaald, name="direct_betaald"),
    path("contact/rechtstreeks-betaald/<int:melding_id>/", vragen.melding, name="melding"),
    path("contact/vraag/", vragen.vraag_nieuw, name="vraag_nieuw"),
    path("contact/vraag/<int:vraag_id>/", vragen.vraag, name="vraag"),
]
