"""Finding 6 (medium): a hidden relative was shown. The person page listed the name and code
of a family member the user may not see."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, FamilyLinkFactory, PersonFactory


@pytest.mark.django_db
def test_the_person_page_does_not_name_a_relative_the_user_may_not_see(client, world):
    users, orgs = world["users"], world["orgs"]
    hidden = PersonFactory(registered_by=orgs["A"], given_name="Hidden", family_name="Relativeva")
    # The relative's case is restricted and led by someone else: A's second reader (the
    # operator) may not see it; the operator sees the main person through an open case.
    CaseFactory(organisation=orgs["A"], person=hidden, restricted=True)
    open_case = CaseFactory(organisation=orgs["A"], restricted=False)
    FamilyLinkFactory(
        person=open_case.person,
        relative=hidden,
        relation="sibling",
        recorded_by=users["A_supervisor"],
    )
    client.force_login(users["A_operator"])
    page = client.get(reverse("people:detail", args=[open_case.person.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Relativeva" not in text and hidden.code not in text
