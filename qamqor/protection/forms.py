"""Forms of the protection pages. Each keeps what was typed when validation fails."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.selectors import acting_organisations
from qamqor.cases.forms import DATETIME
from qamqor.catalog.models import Region
from qamqor.core.access import Action, Role
from qamqor.people.forms import DATE
from qamqor.people.models import Citizenship, Sex
from qamqor.protection import htcds, risk
from qamqor.protection.models import (
    Answer,
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    Screening,
)
from qamqor.protection.services import indicators_in_force

ANSWER_WIDGET = forms.RadioSelect(attrs={"class": "answer-choice"})


class OrganisationChoice(forms.Form):
    """The organisation acting: hidden when the user works for one only."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    action: Action

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = acting_organisations(user, self.action).select_related("region")
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(organisations) == 1:
            self.acting = organisations[0]
            field.initial = self.acting
            field.widget = forms.HiddenInput()
            field.required = False
        else:
            self.acting = None

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.acting


def _language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in HotlineCall.Language.values else HotlineCall.Language.OTHER


class CallForm(OrganisationChoice):
    """Only the topic needs a choice: the time is now, the region the organisation's, the
    language the operator's, and the caller anonymous."""

    action = Action.LOG_CALL
    # No topic is pre-selected: a call logged in a hurry must not count as the first topic.
    # The operator's next call starts here (autofocus, also after an htmx swap).
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", "—"), *HotlineCall.Topic.choices],
        widget=forms.Select(attrs={"autofocus": True}),
    )
    received_at = forms.DateTimeField(label=_("Time of call"), widget=DATETIME, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=600, required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.in_force(), required=False
    )
    caller_type = forms.ChoiceField(
        label=_("Caller"),
        choices=HotlineCall.CallerType.choices,
        initial=HotlineCall.CallerType.NOT_STATED,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=HotlineCall.Language.choices, required=False
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    risk_flag = forms.BooleanField(label=_("Immediate risk"), required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was asked and advised. No names."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _language()
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if self.acting:
            self.fields["region"].initial = self.acting.region_id

    def clean(self):
        data = super().clean()
        data["caller_type"] = data.get("caller_type") or HotlineCall.CallerType.NOT_STATED
        data["language"] = data.get("language") or _language()
        return data


class CallFilterForm(forms.Form):
    received_after = forms.DateField(label=_("From"), widget=DATE, required=False)
    received_before = forms.DateField(label=_("Until"), widget=DATE, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.in_force(), required=False
    )
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", "—"), *HotlineCall.Topic.choices], required=False
    )


class AddToCaseForm(forms.Form):
    case = forms.CharField(
        label=_("Case code"), max_length=16, help_text=_("For example: C-7K2M9QXA.")
    )


class ScreeningForm(OrganisationChoice):
    """Where and whom (without a name), then one yes / no / unknown per indicator in force."""

    action = Action.SCREEN
    place = forms.ChoiceField(label=_("Where"), choices=Screening.Place.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.in_force(), required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_group = forms.ChoiceField(
        label=_("Age"), choices=Screening.AgeGroup.choices, initial=Screening.AgeGroup.UNKNOWN
    )
    citizenship = forms.ChoiceField(
        label=_("Citizenship"), choices=Citizenship.choices, initial=Citizenship.UNKNOWN
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.acting:
            self.fields["region"].initial = self.acting.region_id
        self.indicators = list(indicators_in_force())
        for indicator in self.indicators:
            self.fields[f"i_{indicator.code}"] = forms.ChoiceField(
                label=indicator.name,
                choices=Answer.choices,
                initial=Answer.UNKNOWN,
                widget=ANSWER_WIDGET,
                required=False,  # unanswered = unknown
            )

    def general_fields(self):
        return [field for field in self.visible_fields() if not field.name.startswith("i_")]

    def indicator_groups(self):
        """(category label, [bound field, weight]) in the catalog's order."""
        groups: dict[str, list] = {}
        for indicator in self.indicators:
            label = indicator.get_category_display()
            groups.setdefault(label, []).append((self[f"i_{indicator.code}"], indicator.weight))
        return list(groups.items())

    def answers(self) -> dict[str, str]:
        return {
            indicator.code: self.cleaned_data[f"i_{indicator.code}"] or Answer.UNKNOWN
            for indicator in self.indicators
        }


class IdentificationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Identification.Decision.choices)
    deciding_body = forms.CharField(label=_("Deciding body"), max_length=255)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, initial=timezone.localdate)
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status (HTCDS)"), choices=htcds.TraffickingStatus.choices
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Types of exploitation (HTCDS)"),
        choices=htcds.ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    labour_industry = forms.ChoiceField(
        label=_("Labour industry (HTCDS)"),
        choices=[("", "—"), *htcds.LabourIndustry.choices],
        required=False,
    )
    scope = forms.ChoiceField(label=_("Domestic or cross-border"), choices=Identification.Scope)
    country_of_exploitation = forms.ChoiceField(label=_("Country of exploitation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country_of_exploitation"].choices = [("", "—"), *htcds.countries()]


class OrderForm(forms.ModelForm):
    class Meta:
        model = ProtectiveOrder
        fields = [
            "kind",
            "issuing_body",
            "number",
            "issued_on",
            "valid_from",
            "valid_until",
            "conditions",
            "respondent_name",
            "respondent_relationship",
            "respondent_birth_year",
        ]
        widgets = {
            "issued_on": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }


class ViolationForm(forms.ModelForm):
    class Meta:
        model = OrderViolation
        fields = ["occurred_on", "reported_by", "action_taken", "liability", "note"]
        widgets = {"occurred_on": DATE}


class RiskForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in risk.QUESTIONS:
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=question.text,
                choices=Answer.choices,
                initial=Answer.UNKNOWN,
                widget=ANSWER_WIDGET,
                required=False,  # unanswered = unknown
            )

    @staticmethod
    def answers_from(data: dict) -> dict[str, str]:
        return {
            question.code: data.get(f"q_{question.code}") or Answer.UNKNOWN
            for question in risk.QUESTIONS
        }


class SafetyPlanForm(forms.Form):
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One step per line."),
    )
    contacts = forms.CharField(
        label=_("Contacts"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line: name; phone; note."),
    )
    review_due = forms.DateField(label=_("Review on"), widget=DATE)

    @staticmethod
    def plan_from(data: dict) -> dict:
        """The cleaned form as the service's steps, contacts and review date."""
        contacts = []
        for line in data["contacts"].splitlines():
            if not line.strip():
                continue
            name, phone, note = ([part.strip() for part in line.split(";")] + ["", ""])[:3]
            contacts.append({"name": name, "phone": phone, "note": note})
        return {
            "steps": data["steps"].splitlines(),
            "contacts": contacts,
            "review_due": data["review_due"],
        }


class ReviewForm(forms.Form):
    next_review = forms.DateField(label=_("Next review on"), widget=DATE)


class OpenCaseForm(forms.Form):
    lead_worker = forms.ModelChoiceField(
        label=_("Lead worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Who takes the case. Empty: you, if you are a case worker or supervisor."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = (
            User.objects.filter(
                memberships__organisation=organisation,
                memberships__is_active=True,
                memberships__role__in=[Role.CASEWORKER, Role.SUPERVISOR],
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
