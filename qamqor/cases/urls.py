from django.urls import path

from qamqor.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("new/duplicates/", views.duplicates, name="duplicates"),
    path("referrals/", views.incoming, name="incoming"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/complete/", views.referral_complete, name="referral_complete"),
    path("transfers/<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/decline/", views.transfer_decline, name="transfer_decline"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/edit/", views.case_edit, name="edit"),
    path("<str:code>/assign/", views.case_assign, name="assign"),
    path("<str:code>/start-assessment/", views.start_assessment, name="start_assessment"),
    path("<str:code>/assessment/", views.assessment, name="assessment"),
    path("<str:code>/decision/", views.decision, name="decision"),
    path("<str:code>/decisions/<int:pk>/approve/", views.decision_approve, name="decision_approve"),
    path("<str:code>/decisions/<int:pk>/reject/", views.decision_reject, name="decision_reject"),
    path("<str:code>/plan/", views.plan, name="plan"),
    path("<str:code>/delivery/", views.delivery, name="delivery"),
    path("<str:code>/consent/", views.consent, name="consent"),
    path("<str:code>/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<str:code>/referral/", views.referral, name="referral"),
    path(
        "<str:code>/referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"
    ),
    path("<str:code>/admit/", views.admit, name="admit"),
    path("<str:code>/stays/<int:pk>/discharge/", views.discharge, name="discharge"),
    path("<str:code>/closure/", views.closure, name="closure"),
    path("<str:code>/closures/<int:pk>/approve/", views.closure_approve, name="closure_approve"),
    path("<str:code>/closures/<int:pk>/reject/", views.closure_reject, name="closure_reject"),
    path("<str:code>/closures/<int:pk>/followup/", views.closure_followup, name="closure_followup"),
    path("<str:code>/reopen/", views.reopen, name="reopen"),
    path("<str:code>/transfer/", views.transfer, name="transfer"),
    path(
        "<str:code>/transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"
    ),
]
