from django.apps import AppConfig


class StafConfig(AppConfig):
    """The staff screens (and the public calculators): views, URLs, forms, API and template tags.

    Every screen composes the selectors and calls the services of the domain apps below it; no domain app
    imports from here.
    """

    name = "staf"
    verbose_name = "Schermen voor medewerkers"
