from django.urls import path

from qamqor.front import views

app_name = "front"
urlpatterns = [path("", views.home, name="home")]
