from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.accounts import selectors
from qamqor.accounts.models import Organisation, User
from qamqor.accounts.services import ORGANISATION_ROLES
from qamqor.core import access
from qamqor.core.access import Action, Role


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        name = user.get_full_name()
        return f"{name} ({user.username})" if name else user.username


class GiveRoleForm(forms.Form):
    """Give a member of staff a role in the organisation. The choices offer only what the
    services allow the actor; the services check again."""

    user = StaffChoiceField(
        label=_("Member of staff"), queryset=User.objects.none(), empty_label="—"
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor: User, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Nobody changes their own roles; provider managers give roles to their own staff.
        self.fields["user"].queryset = selectors.staff_of(organisation).exclude(pk=actor.pk)
        ministry = access.can(actor, Action.MANAGE_USERS)
        self.fields["role"].choices = [("", "—")] + [
            (role.value, role.label) for role in Role if ministry or role in ORGANISATION_ROLES
        ]
