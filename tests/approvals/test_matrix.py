"""The whole matrix: the cast × every action × every state, and who may read the filing in each.

The expectations are written out here by hand, from issue 18 and domain.md §1.6–1.7, not read from
budgets.lifecycle: the table there is what is being tested.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from approvals import services
from budgets.models import Filing

from .conftest import decide, submit, warnings_of

CAST = ["clerk_a", "clerk_b", "reviewer", "other_reviewer", "admin_user"]
STATES = ["draft", "submitted", "returned", "approved", "rejected"]

# (state, action) → who may do it; everyone else is refused.
ALLOWED = {
    ("draft", "submit"): {"clerk_a"},
    ("returned", "submit"): {"clerk_a"},
    ("submitted", "withdraw"): {"clerk_a"},
    ("submitted", "claim"): {"reviewer"},
    ("submitted", "assign"): {"reviewer"},
    ("submitted", "approve"): {"reviewer"},
    ("submitted", "return"): {"reviewer"},
    ("submitted", "reject"): {"reviewer"},
    # The reviewer who decided takes it back while nobody has acted since.
    ("returned", "undo"): {"reviewer"},
    ("approved", "undo"): {"reviewer"},
    ("rejected", "undo"): {"reviewer"},
}
# state → who may open the filing (a reviewer never sees a draft's content; other districts never).
READERS = {
    "draft": {"clerk_a", "admin_user"},
    **{state: {"clerk_a", "reviewer", "admin_user"} for state in STATES if state != "draft"},
}
GRADES = {"approve": "A", "return": "C", "reject": "D"}


def bring_to(state, filing, clerk_a, reviewer):
    if state == "draft":
        return
    submit(clerk_a, filing)
    if state in ("returned", "approved", "rejected"):
        decide(reviewer, filing, {"returned": "C", "approved": "A", "rejected": "D"}[state])
    filing.refresh_from_db()
    assert filing.status == state


def attempt(action, user, filing):
    filing.refresh_from_db()
    seen = filing.revision
    if action == "submit":
        services.submit(user, filing.pk, seen=seen, acknowledged=warnings_of(filing))
    elif action == "assign":
        services.assign(user, filing.pk, seen=seen, to=filing.department.district.departments.get(
            kind="finance").members.get(role="reviewer").user)
    elif action in GRADES:
        decide(user, filing, GRADES[action])
    else:
        getattr(services, action)(user, filing.pk, seen=seen)


@pytest.mark.parametrize("state", STATES)
def test_every_action_by_every_member_of_the_cast(state, ready_filing, cast):
    bring_to(state, ready_filing, cast["clerk_a"], cast["reviewer"])
    outcomes = {}
    for action in ["submit", "withdraw", "claim", "assign", "approve", "return", "reject", "undo"]:
        for name in CAST:
            with transaction.atomic():
                try:
                    attempt(action, cast[name], ready_filing)
                    outcomes[action, name] = True
                except services.ActionRefused as refused:
                    assert str(refused), "a refusal always says why"
                    outcomes[action, name] = False
                transaction.set_rollback(True)
    expected = {(action, name): name in ALLOWED.get((state, action), set()) for action, name in outcomes}
    assert outcomes == expected


@pytest.mark.parametrize("state", STATES)
def test_who_may_read_the_filing_in_each_state(state, ready_filing, cast, client):
    bring_to(state, ready_filing, cast["clerk_a"], cast["reviewer"])
    readers = set()
    for name in CAST:
        client.force_login(cast[name])
        if client.get(reverse("filing_detail", args=[ready_filing.pk])).status_code == 200:
            readers.add(name)
    assert readers == READERS[state]


def test_imported_history_never_enters_the_workflow(ready_filing, cast):
    Filing.objects.filter(pk=ready_filing.pk).update(origin=Filing.Origin.IMPORTED)
    with pytest.raises(services.ActionRefused, match="历史导入的申报不进入审核流程"):
        attempt("submit", cast["clerk_a"], ready_filing)


def test_a_finance_bureau_reviewer_never_reviews_the_bureau_s_own_filing(seed_filing, cast, finance_bureau):
    from .conftest import mend_errors

    Filing.objects.filter(pk=seed_filing.pk).update(department=finance_bureau)
    mend_errors(seed_filing)
    seed_filing.refresh_from_db()
    Filing.objects.filter(pk=seed_filing.pk).update(status="submitted", stage=1)
    with pytest.raises(services.ActionRefused, match="不能审核本单位的申报"):
        decide(cast["reviewer"], seed_filing, "A")
