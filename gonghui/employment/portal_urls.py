app_name = "employment_portal"
urlpatterns: list = []
