import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.services import membership_grant
from qamqor.catalog.models import Region
from qamqor.core.access import Role


class Command(BaseCommand):
    help = "Create the first administrator (and their organisation) on a new installation."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="Organisation code.")
        parser.add_argument("--name-kk", help="Organisation name in Kazakh (new organisation).")
        parser.add_argument("--name-ru", help="Organisation name in Russian (new organisation).")
        parser.add_argument("--region", default="KZ-71", help="Organisation's region code.")

    @transaction.atomic
    def handle(self, *args, username, organisation, name_kk, name_ru, region, **options):
        found = Organisation.objects.filter(code=organisation).first()
        if found is None:
            if not (name_kk and name_ru):
                raise CommandError(_("A new organisation needs --name-kk and --name-ru."))
            home = Region.objects.filter(code=region).first()
            if home is None:
                raise CommandError(_("Load the reference data first: qamqor load_catalog"))
            found = Organisation.objects.create(
                code=organisation,
                name_kk=name_kk,
                name_ru=name_ru,
                kind=Organisation.Kind.STATE_BODY,
                region=home,
            )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            password = getpass.getpass(_("Password: "))
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
            user.save()
        membership_grant(actor=None, user=user, organisation=found, role=Role.ADMIN)
        self.stdout.write(
            _("%(user)s is an administrator of %(organisation)s.")
            % {"user": username, "organisation": found.code}
        )
