"""The access rules of a person's records (registered in PeopleConfig.ready()). The rule of the
person is the cases app's (cases/rules.py): a person is seen through their cases."""

from qamqor.core import access
from qamqor.core.access import Via


def register() -> None:
    access.register("people.FamilyLink", Via("person", "people.Person"))
    access.register("people.PersonNameToken", Via("person", "people.Person"))
