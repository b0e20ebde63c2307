from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation
from qamqor.catalog.models import Region, ServiceType


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
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
