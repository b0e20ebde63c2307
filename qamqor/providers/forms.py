from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation
from qamqor.catalog.models import AtRiskGroup, Region, ServiceType
from qamqor.providers.models import Facility

ISO = "%Y-%m-%d"  # what a date input reads, whatever the language


class DirectoryFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region served"), queryset=Region.objects.in_force(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Organisation.Kind.choices], required=False
    )


class FindProvidersForm(forms.Form):
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.in_force()
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.in_force())
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO)
    )


def _only_choice(field: forms.ModelChoiceField) -> None:
    """A choice with one possible answer is made, not asked."""
    first_two = list(field.queryset[:2])
    if len(first_two) == 1:
        field.initial = first_two[0].pk
        field.widget = forms.HiddenInput()


class FacilityForm(forms.ModelForm):
    """Add or edit a facility. The services save it (and check its capacity)."""

    class Meta:
        model = Facility
        fields = [
            "organisation",
            "name",
            "kind",
            "region",
            "address",
            "bed_capacity",
            "groups_served",
            "is_active",
        ]
        widgets = {"groups_served": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_force()
        self.fields["groups_served"].queryset = AtRiskGroup.objects.in_force()
        if organisations is None:  # editing: a facility stays with its organisation
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            _only_choice(self.fields["organisation"])

    def _post_clean(self):
        # The services check the model (and the capacity) when they save; the form only reads
        # what was typed and never changes the instance it shows.
        pass


class CertificationIssueForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label="—"
    )
    number = forms.CharField(label=_("Number"), max_length=64)
    service_types = forms.ModelMultipleChoiceField(
        label=_("Service types"),
        queryset=ServiceType.objects.in_force(),
        widget=forms.CheckboxSelectMultiple,
    )
    issued_by = forms.ModelChoiceField(
        label=_("Issuing body"), queryset=Organisation.objects.none()
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO)
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        help_text=_("The last day it is valid."),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO),
    )

    def __init__(self, *args, organisations, issuing_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["issued_by"].queryset = issuing_bodies
        _only_choice(self.fields["issued_by"])


def _date_field(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format=ISO))


class SuspendForm(forms.Form):
    prefix = "suspend"  # three forms share the certification page
    suspended_from = _date_field(_("Suspended from"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class LiftForm(forms.Form):
    prefix = "lift"
    lifted_on = _date_field(_("Lifted on"))


class RevokeForm(forms.Form):
    prefix = "revoke"
    revoked_on = _date_field(_("Revoked on"))
    reason = forms.CharField(label=_("Reason for revocation"), max_length=255)


class RegisterFilterForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=64)
    status = forms.ChoiceField(label=_("Status today"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *statuses]
