"""Who sees which filings: each member of the cast against the seed filing."""

import pytest

from budgets.access import can_view_filing, filings_visible_to
from budgets.models import Filing


@pytest.mark.parametrize(
    ("who", "sees"),
    [("clerk_a", True), ("clerk_b", False), ("reviewer", False), ("other_reviewer", False), ("admin_user", True)],
)
def test_who_sees_a_draft_filing(cast, seed_filing, who, sees):
    allowed, reason = can_view_filing(cast[who], seed_filing)
    assert allowed is sees
    assert bool(reason) is not sees


def test_reviewer_sees_submitted_filings_of_their_own_district_only(cast, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.SUBMITTED)
    assert can_view_filing(cast["reviewer"], seed_filing)[0]
    assert not can_view_filing(cast["other_reviewer"], seed_filing)[0]


def test_reviewer_sees_imported_history_of_their_district(cast, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    assert can_view_filing(cast["reviewer"], seed_filing)[0]


def test_a_user_without_membership_sees_nothing(django_user_model, seed_filing):
    loner = django_user_model.objects.create_user("loner", password="x")
    assert not filings_visible_to(loner).exists()
