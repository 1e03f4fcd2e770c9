app_name = "inning_portaal"

urlpatterns: list = []
