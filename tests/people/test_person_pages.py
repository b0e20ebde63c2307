from django.urls import reverse

from qamqor.people.models import FamilyLink
from qamqor.people.services import person_create
from tests.factories import CaseFactory


def test_a_family_link_is_added_from_the_person_page(client, org, staff):
    worker = staff["caseworker"]
    mother = person_create(actor=worker, organisation=org, given_name="Saule").person
    child = person_create(actor=worker, organisation=org, given_name="Aruzhan").person
    client.force_login(worker)
    response = client.post(
        reverse("people:family_add", args=[child.code]),
        {"relative": mother.code.lower(), "relation": "mother"},
    )
    assert response.status_code == 302
    assert FamilyLink.objects.get(person=child).relative == mother
    assert "Saule" in client.get(reverse("people:detail", args=[child.code])).content.decode()


def test_a_supervisor_merges_two_records_and_history_stays(client, org, staff):
    worker, supervisor = staff["caseworker"], staff["supervisor"]
    keep = person_create(actor=worker, organisation=org, given_name="Нұрлан").person
    other = person_create(actor=worker, organisation=org, given_name="Nurlan", phone="+7").person
    case = CaseFactory(organisation=org, person=other, lead_worker=worker)
    client.force_login(worker)
    refused = client.post(reverse("people:merge", args=[keep.code]), {"merge": other.code})
    assert refused.status_code == 403
    client.force_login(supervisor)
    response = client.post(reverse("people:merge", args=[keep.code]), {"merge": other.code})
    assert response.status_code == 302
    case.refresh_from_db()
    other.refresh_from_db()
    keep.refresh_from_db()
    assert case.person == keep and keep.phone == "+7"
    assert not other.is_active and other.merged_into == keep
    assert other.history.count() == 2


def test_a_person_page_of_someone_invisible_is_404(client, org, other_org, staff):
    person = person_create(actor=staff["caseworker"], organisation=org).person
    client.force_login(staff["other_caseworker"])
    for name in ("people:detail", "people:edit", "people:family_add", "people:merge"):
        assert client.post(reverse(name, args=[person.code])).status_code == 404
