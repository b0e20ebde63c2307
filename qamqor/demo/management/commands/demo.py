from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qamqor.catalog.models import Region
from qamqor.demo.cases import build_cases
from qamqor.demo.foundation import build_foundation
from qamqor.demo.protection import build_protection


class Command(BaseCommand):
    help = "Fill the database with demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the number of demo cases."
        )

    def handle(self, *args, scale: float = 1.0, **options):
        if not Region.objects.exists():
            raise CommandError(_("Load the reference data first: qamqor load_catalog"))
        logins = build_foundation()
        cases = build_cases(scale)
        build_protection(scale)
        self.stdout.write(_("Demo logins (username / password — role, organisation):"))
        for login in logins:
            self.stdout.write(
                f"  {login.username:<18} {login.password:<14} {login.role}, {login.organisation}"
            )
        self.stdout.write(_("Demo cases: %(count)s.") % {"count": cases})
