app_name = "uitbetaling_portaal"

urlpatterns: list = []
