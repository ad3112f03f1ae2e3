"""Two reviewers at once, approve against return, double clicks: exactly one action wins, and the
other user is told who acted (PostgreSQL, real concurrent transactions)."""

import pytest
from django.db import connection

from approvals import services
from approvals.models import Review, Revision
from budgets.models import Filing
from budgets.roles import Role, set_role

from ..concurrency import at_once
from .conftest import submit, warnings_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs two connections acting at the same moment")


def outcome(call):
    def run():
        try:
            return "ok", call()
        except services.ActionRefused as refused:
            return "refused", str(refused)
    return run


def test_approve_against_return_one_wins_the_other_is_told(ready_filing, clerk_a, reviewer, django_user_model,
                                                             finance_bureau):
    second = django_user_model.objects.create_user("reviewer2", password="pw-reviewer2")
    set_role(second, finance_bureau, Role.REVIEWER)
    for _ in range(5):
        submit(clerk_a, ready_filing)
        ready_filing.refresh_from_db()
        seen = ready_filing.revision
        results = at_once(
            outcome(lambda seen=seen: services.decide(reviewer, ready_filing.pk, seen=seen, grade="A", dimensions={})),
            outcome(lambda seen=seen: services.decide(second, ready_filing.pk, seen=seen, grade="C", dimensions={},
                                            reason="缺单位", suggestion="补上")))
        kinds = sorted(kind for kind, _ in results)
        assert kinds == ["ok", "refused"], results
        told = next(text for kind, text in results if kind == "refused")
        assert "本次操作未执行" in told and ("reviewer" in told)
        assert Review.objects.filter(filing=ready_filing, undone_at=None,
                                     revision=ready_filing.revisions.order_by("-number").first()).count() == 1
        ready_filing.refresh_from_db()
        if ready_filing.status == Filing.Status.APPROVED:
            break
        # returned: back to the unit for the next try


def test_a_double_click_on_submit_makes_one_revision(ready_filing, clerk_a):
    seen = ready_filing.revision
    keys = warnings_of(ready_filing)
    results = at_once(*[outcome(lambda: services.submit(clerk_a, ready_filing.pk, seen=seen, acknowledged=keys))] * 2)
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert Revision.objects.filter(filing=ready_filing).count() == 1


def test_withdraw_against_claim_one_wins(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    seen = ready_filing.revision
    results = at_once(outcome(lambda: services.withdraw(clerk_a, ready_filing.pk, seen=seen)),
                      outcome(lambda: services.claim(reviewer, ready_filing.pk, seen=seen)))
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    ready_filing.refresh_from_db()
    assert (ready_filing.status == Filing.Status.DRAFT) != (ready_filing.assignee_id == reviewer.pk)
