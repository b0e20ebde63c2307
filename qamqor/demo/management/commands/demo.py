from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qamqor.catalog.models import Region
from qamqor.demo.foundation import build_foundation


class Command(BaseCommand):
    help = "Fill the database with demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError(_("Load the reference data first: qamqor load_catalog"))
        logins = build_foundation()
        self.stdout.write(_("Demo logins (username / password — role, organisation):"))
        for login in logins:
            self.stdout.write(
                f"  {login.username:<18} {login.password:<14} {login.role}, {login.organisation}"
            )
