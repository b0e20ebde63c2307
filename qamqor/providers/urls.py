from django.urls import path

from qamqor.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    path("<slug:code>/", views.organisation_detail, name="organisation"),
]
