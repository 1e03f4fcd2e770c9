from django.urls import path

from . import views

app_name = "incasso_portaal"

urlpatterns = [
    path("dossier/<int:dossier_id>/", views.portaal_dossier, name="dossier"),
    path("toestemming/<int:pk>/", views.portaal_toestemming, name="toestemming"),
    path("regeling/<int:pk>/", views.portaal_regeling, name="regeling"),
    path("regelingregels/", views.portaal_regelingregels, name="regelingregels"),
    path("brief/<int:pk>/pdf/", views.portaal_brief_pdf, name="brief_pdf"),
]
