"""The model of the generated access test, on its own: it imports nothing from the
application, and it says what SEMANTICS says in the cases the issue's findings name."""

import ast
import datetime as dt
from pathlib import Path

from tests.access.model import (
    CATEGORIES,
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    PERSON_FIELDS,
    Case,
    CaseView,
    Consent,
    Model,
    Person,
    PersonView,
    Referral,
)

TODAY = dt.date(2026, 6, 1)
STAFF = [
    ("sup_a", "A", "supervisor"),
    ("cw_a", "A", "caseworker"),
    ("op_a", "A", "operator"),
    ("sup_b", "B", "supervisor"),
    ("cw_b", "B", "caseworker"),
    ("cw_b2", "B", "caseworker"),
    ("sup_c", "C", "supervisor"),
    ("mgr_a", "A", "provider_manager"),
]


def _world(*, restricted=False) -> Model:
    model = Model(TODAY, STAFF)
    model.persons["P"] = Person("P", "A")
    model.cases["C"] = Case("C", "A", "P", lead="cw_a", restricted=restricted)
    return model


def _consent(model, key, categories, *, recipient=None, until=TODAY, withdrawn=None):
    model.consents[key] = Consent(
        key, "C", frozenset(categories), recipient, TODAY - dt.timedelta(days=10), until, withdrawn
    )


def _referral(model, key, to, shared, status="accepted", assigned_to=None):
    model.referrals[key] = Referral(key, "C", "A", to, frozenset(shared), status, assigned_to)


def test_it_imports_nothing_from_the_application():
    tree = ast.parse(Path(__file__).with_name("model.py").read_text())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.split(".")[0] in ("qamqor", "tests")]


def test_it_gives_full_view_by_role_lead_and_restriction():
    open_case, restricted = _world(), _world(restricted=True)
    for user in ("sup_a", "cw_a", "op_a"):
        assert open_case.case_view(user, "C") == CaseView(True, CATEGORIES)
    assert restricted.case_view("op_a", "C") is None
    assert restricted.case_view("cw_a", "C").full  # the lead worker
    restricted.cases["C"].assigned.add("op_a")
    assert restricted.case_view("op_a", "C").full
    assert open_case.case_view("mgr_a", "C") is None


def test_it_shares_only_the_receivers_own_referral_under_consent():
    """Finding 2: C's referral shares services only; B's identity does not reach C."""
    model = _world()
    _consent(model, "K", CATEGORIES)
    _referral(model, "RB", "B", {"identity"}, assigned_to="cw_b")
    _referral(model, "RC", "C", {"services"}, assigned_to="sup_c")
    assert model.case_view("sup_c", "C") == CaseView(False, frozenset({"services"}))
    assert model.person_view("sup_c", "P") is None
    assert model.person_view("cw_b", "P") == PersonView(False, IDENTITY_FIELDS)
    assert model.case_view("cw_b2", "C") is None  # a case worker not assigned
    assert model.case_view("sup_b", "C") == CaseView(False, frozenset({"identity"}))


def test_it_shows_contacts_only_with_identity_and_contacts():
    """Finding 3."""
    model = _world()
    _consent(model, "K", CATEGORIES)
    _referral(model, "R", "B", {"identity"}, assigned_to="cw_b")
    assert CONTACT_FIELDS.isdisjoint(model.person_view("cw_b", "P").fields)
    model.referrals["R"].shared = frozenset({"identity", "contacts"})
    assert model.person_view("cw_b", "P").fields == PERSON_FIELDS


def test_it_stops_sharing_when_consent_lapses_whatever_the_status():
    """Finding 5: withdrawn or expired consent narrows completed referrals too; a
    withdrawal dated later still holds today; declined referrals share nothing."""
    model = _world()
    _consent(model, "K", {"identity", "services"}, recipient="B")
    _referral(model, "R", "B", {"identity", "services"}, status="completed", assigned_to="cw_b")
    assert model.case_view("cw_b", "C").shared == {"identity", "services"}
    model.consents["K"].withdrawn_on = TODAY + dt.timedelta(days=1)
    assert model.case_view("cw_b", "C").shared == {"identity", "services"}
    model.consents["K"].withdrawn_on = TODAY
    assert model.case_view("cw_b", "C") == CaseView(False, frozenset())
    model.consents["K"].withdrawn_on = None
    model.consents["K"].valid_until = TODAY - dt.timedelta(days=1)
    assert model.case_view("cw_b", "C") == CaseView(False, frozenset())
    model.consents["K"].valid_until = TODAY
    model.referrals["R"].status = "declined"
    assert model.case_view("cw_b", "C") is None


def test_it_refuses_to_attach_a_person_known_through_a_referral():
    """Finding 4: B sees the person through a referral; B cannot open a case for them."""
    model = _world()
    _consent(model, "K", CATEGORIES)
    _referral(model, "R", "B", CATEGORIES, assigned_to="cw_b")
    assert model.person_view("cw_b", "P") == PersonView(False, PERSON_FIELDS)
    assert not model.may_attach("cw_b", "P", "B")
    assert not model.may_edit_person("cw_b", "P")
    assert model.may_attach("cw_a", "P", "A")
