from django.urls import path

from qamqor.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    # Before the organisation pages, whose codes take every other first segment.
    path("facilities/", views.facility_list, name="facilities"),
    path("facilities/new/", views.facility_new, name="facility_new"),
    path("facilities/<int:pk>/", views.facility_edit, name="facility"),
    path("certifications/", views.certification_register, name="certifications"),
    path("certifications/new/", views.certification_new, name="certification_new"),
    path("certifications/<int:pk>/", views.certification_detail, name="certification"),
    path(
        "certifications/<int:pk>/suspend/",
        views.certification_suspend,
        name="certification_suspend",
    ),
    path("certifications/<int:pk>/lift/", views.certification_lift, name="certification_lift"),
    path(
        "certifications/<int:pk>/revoke/",
        views.certification_revoke,
        name="certification_revoke",
    ),
    path("<slug:code>/", views.organisation_detail, name="organisation"),
]
