"""Forms of the case pages. Each keeps what was typed when validation fails."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.selectors import acting_organisations
from qamqor.cases.models import (
    Case,
    Closure,
    EligibilityDecision,
    Intake,
    Need,
    RiskLevel,
    ServiceDelivery,
    ShareCategory,
)
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region, ServiceType, Standard
from qamqor.core import access
from qamqor.core.access import Role
from qamqor.people.forms import DATE, PersonForm
from qamqor.providers.models import Facility

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _groups_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label=_("At-risk groups"),
        queryset=AtRiskGroup.objects.in_force(),
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class NewCaseForm(PersonForm):
    """Intake, person and case in one step."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    channel = forms.ChoiceField(label=_("Channel"), choices=Intake.Channel.choices)
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME)
    intake_region = forms.ModelChoiceField(
        label=_("Region of the intake"), queryset=Region.objects.in_force()
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    immediate_risk = forms.ChoiceField(
        label=_("Immediate risk"), choices=RiskLevel.choices, initial=RiskLevel.NONE
    )
    presenting_problem = forms.CharField(
        label=_("Presenting problem"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    person_code = forms.CharField(
        label=_("Existing person (code)"),
        required=False,
        max_length=16,
        help_text=_("Leave empty to record a new person with the facts below."),
    )
    groups = _groups_field(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = acting_organisations(user, access.Action.CREATE_CASE)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class CaseEditForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    groups = _groups_field(required=False)
    restricted = forms.BooleanField(label=_("Restricted"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentForm(forms.Form):
    """A severity (and a short note) for each need domain."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        for domain, label in Need.Domain.choices:
            self.fields[f"{domain}_severity"] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), *Need.Severity.choices],
                coerce=int,
                required=False,
            )
            self.fields[f"{domain}_note"] = forms.CharField(
                label=_("Note"), max_length=255, required=False
            )

    @staticmethod
    def needs_from(data: dict) -> dict[str, tuple[int, str]]:
        return {
            domain: (data[f"{domain}_severity"], data.get(f"{domain}_note", ""))
            for domain in Need.Domain.values
            if data.get(f"{domain}_severity") not in (None, "")
        }

    def clean(self):
        data = super().clean()
        if not self.errors and not self.needs_from(data):
            raise forms.ValidationError(_("Assess at least one domain."))
        return data


class DecisionForm(forms.Form):
    group = forms.ModelChoiceField(label=_("At-risk group"), queryset=AtRiskGroup.objects)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EligibilityDecision.Outcome.choices)
    refusal_reason = forms.ModelChoiceField(
        label=_("Reason for refusal"), queryset=RefusalReason.objects.in_force(), required=False
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = AtRiskGroup.objects.in_force()
        self.fields["group"].initial = case.groups.first()


class PlanItemForm(forms.Form):
    include = forms.BooleanField(label=_("Include"), required=False, initial=True)
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.in_force()
    )
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.all(), required=False, widget=forms.HiddenInput
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.filter(is_provider=True), required=False
    )
    units = forms.IntegerField(label=_("Units"), min_value=0)
    requested_on = forms.DateField(widget=forms.HiddenInput)
    due_on = forms.DateField(label=_("First service due"), widget=DATE)
    deviation_reason = forms.CharField(
        label=_("Reason for deviating from the standard"), max_length=255, required=False
    )


PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=0)


class DeliveryForm(forms.Form):
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.in_force()
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.filter(is_provider=True, is_active=True)
    )
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    units = forms.IntegerField(label=_("Units"), min_value=0)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ServiceDelivery.Outcome.choices)

    def __init__(self, *args, case: Case, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()
        member_of = [org for org, _role in access.memberships(user)]
        self.fields["provider"].initial = (
            case.organisation if case.organisation_id in member_of else None
        )


class ConsentForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("May share"), choices=ShareCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    recipient = forms.ModelChoiceField(
        label=_("With"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Empty: any organisation the case is referred to."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        given, until = data.get("given_on"), data.get("valid_until")
        if given and until and until < given:
            self.add_error("valid_until", _("A consent ends after it is given."))
        return data


class ReferralForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("To organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.in_force(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)
    shared = forms.MultipleChoiceField(
        label=_("Share"),
        choices=ShareCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only what the person's consent allows."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk=case.organisation_id)


class TransferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("To organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk=case.organisation_id)


def lead_workers(organisation_ids) -> QuerySet[User]:
    """Those who may lead a case in these organisations: their active case workers and
    supervisors."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id__in=organisation_ids,
        memberships__is_active=True,
        memberships__role__in=[Role.CASEWORKER, Role.SUPERVISOR],
    ).distinct()


def lead_worker_choices(organisation_ids) -> dict[int, list[User]]:
    """`lead_workers` of each organisation, in one query."""
    choices: dict[int, list[User]] = {}
    rows = (
        lead_workers(organisation_ids)
        .annotate(organisation_id=F("memberships__organisation_id"))
        .order_by("last_name", "first_name", "username")
    )
    for user in rows:
        if user not in choices.setdefault(user.organisation_id, []):
            choices[user.organisation_id].append(user)
    return choices


class TransferAcceptForm(forms.Form):
    lead_worker = forms.ModelChoiceField(
        label=_("Lead worker"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = lead_workers([organisation_id])


class AdmitForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none())
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    reason = forms.CharField(label=_("Reason for admission"), max_length=255)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        member_of = [org for org, _role in access.memberships(user)]
        self.fields["facility"].queryset = Facility.objects.filter(
            organisation__in=member_of, is_active=True, bed_capacity__gt=0
        )
        self.fields["admitted_on"].initial = timezone.localdate()


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DATE)
    reason = forms.CharField(label=_("Reason for discharge"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discharged_on"].initial = timezone.localdate()


class ClosureForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Closure.Outcome.choices)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    lead = forms.BooleanField(label=_("Make lead worker"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                memberships__organisation=case.organisation,
                memberships__is_active=True,
                memberships__role__in=[Role.CASEWORKER, Role.SUPERVISOR, Role.OPERATOR],
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Case.Status.choices], required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects, required=False)
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    restricted = forms.BooleanField(label=_("Only restricted cases"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_force()
