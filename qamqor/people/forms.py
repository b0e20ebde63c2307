from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.catalog.models import Region
from qamqor.people.models import FACT_FIELDS, FamilyLink, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The form records the facts; the birth year comes from the birth date or an approximate age.
PERSON_FIELDS = [name for name in FACT_FIELDS if name not in ("birth_year", "birth_date_estimated")]


class PersonForm(forms.ModelForm):
    """A person's facts. None is required; an approximate age stands in for a birth date."""

    age = forms.IntegerField(
        label=_("Approximate age"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("When the birth date is not known."),
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"birth_date": DATE}

    UNKNOWN_BY_DEFAULT = ("sex", "citizenship", "residence_registration")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_force()
        for name in self.UNKNOWN_BY_DEFAULT:
            self.fields[name].required = False
        self.fields["iin"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        for name in self.UNKNOWN_BY_DEFAULT:
            if not data.get(name):
                data[name] = "unknown"
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    iin = forms.CharField(label=_("IIN"), required=False, max_length=12)
    code = forms.CharField(label=_("Code"), required=False, max_length=16)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.active(), required=False
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("name", "iin", "code", "region")):
            raise forms.ValidationError(_("Give a name, IIN, code or region."))
        return data


class FamilyLinkForm(forms.Form):
    relative = forms.CharField(label=_("Relative (code)"), max_length=16)
    relation = forms.ChoiceField(label=_("Relation"), choices=FamilyLink.Relation.choices)


class MergeForm(forms.Form):
    merge = forms.CharField(
        label=_("Merge into this record (code)"),
        max_length=16,
        help_text=_("The other record stays, inactive, pointing here; its cases move here."),
    )
