from django.urls import path

from qamqor.protection import views

app_name = "protection"
urlpatterns = [
    path("hotline/", views.calls, name="calls"),
    path("hotline/<int:pk>/", views.call_detail, name="call"),
    path("hotline/<int:pk>/open-case/", views.call_open_case, name="call_open_case"),
    path("hotline/<int:pk>/add-to-case/", views.call_add_to_case, name="call_add_to_case"),
    path("screenings/", views.screenings, name="screenings"),
    path("screenings/new/", views.screening_new, name="screening_new"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening"),
    path("screenings/<int:pk>/open-case/", views.screening_open_case, name="screening_open_case"),
    path("cases/<str:code>/identification/", views.identification, name="identification"),
    path("cases/<str:code>/orders/new/", views.order_new, name="order_new"),
    path("cases/<str:code>/orders/<int:pk>/violation/", views.violation_new, name="violation"),
    path("cases/<str:code>/orders/<int:pk>/revoke/", views.order_revoke, name="order_revoke"),
    path("cases/<str:code>/risk/", views.risk_assessment, name="risk"),
    path("cases/<str:code>/safety-plan/", views.safety_plan, name="safety_plan"),
    path(
        "cases/<str:code>/safety-plans/<int:pk>/review/",
        views.safety_plan_review,
        name="safety_plan_review",
    ),
]
