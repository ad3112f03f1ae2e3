"""The 审核工作台 and the 审核进度总览 read a district-year in a fixed number of queries: 300 filings
take as many as 30 (each row's revisions, decisions, last event and a draft's progress are read
for all rows at once, never row by row)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import Review, Revision
from budgets.models import AuditEntry, Department, Filing

STATUSES = ["draft", "submitted", "submitted", "returned", "approved", "rejected"]


def add_units(district, framework, reviewer, start, count):
    """`count` more units of the district, each with a 2021 packet in one of the states, its rounds
    and decisions and an audit entry, as the workflow leaves them."""
    departments = Department.objects.bulk_create(
        Department(district=district, code=f"unit-{n:03}", name=f"第{n:03}街道办事处", kind="street", order=10 + n)
        for n in range(start, start + count))
    now = timezone.now()
    filings = Filing.objects.bulk_create(
        Filing(department=d, year=2021, framework=framework, department_name=d.name, status=STATUSES[n % 6],
               stage=1 if STATUSES[n % 6] == "submitted" else 0, total_amount=100 + n,
               assignee=reviewer if n % 4 == 0 and STATUSES[n % 6] == "submitted" else None,
               status_changed=now - timedelta(days=n % 9))
        for n, d in enumerate(departments, start))
    filed = [f for f in filings if f.status != "draft"]
    revisions = Revision.objects.bulk_create(
        Revision(filing=f, number=1, submitted_by_name="clerk", html="", error_count=0, warning_count=n % 3)
        for n, f in enumerate(filed))
    Review.objects.bulk_create(
        Review(filing=r.filing, revision=r, stage=1, stage_name="区财政局审核", actor=reviewer, actor_name="reviewer",
               action={"returned": "return", "approved": "approve", "rejected": "reject"}[r.filing.status],
               grade={"returned": "C", "approved": "A", "rejected": "D"}[r.filing.status])
        for r in revisions if r.filing.status in ("returned", "approved", "rejected"))
    AuditEntry.objects.bulk_create(AuditEntry(action="filing.saved", actor_name="clerk", filing=f,
                                              district=district) for f in filings)


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("url, params", [
    (reverse("review_queue"), {}),
    (reverse("review_queue"), {"tab": "reviewed", "year": "2021"}),
    (reverse("review_queue"), {"tab": "approved"}),
    (reverse("review_dashboard"), {"year": "2021"}),
    (reverse("review_dashboard_xlsx"), {"year": "2021"}),
])
def test_300_filings_take_as_many_queries_as_30(client, reviewer, frameworks, district, seed_packet, url, params):
    framework = frameworks[seed_packet["framework"]]
    client.force_login(reviewer)
    add_units(district, framework, reviewer, 0, 30)
    small, page = queries(client, url, **params)
    add_units(district, framework, reviewer, 30, 270)
    large, page = queries(client, url, **params)
    assert large == small, (small, large)
    if url == reverse("review_dashboard"):
        assert page.count('data-testid="dashboard-row"') == 300 and "已完成" in page
    elif not params:
        assert page.count('data-testid="batch-check"') == 100  # the 已送审 third of 300
