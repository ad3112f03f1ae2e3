"""Each filing's findings and progress are kept between pages (budgets.entry.status) and follow every
change: a save, and the district's rule settings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from budgets.entry.services import create_filing
from budgets.models import RuleOverride, ValidationSettings
from budgets.validation import validate_filing

from .helpers import post_step


def home(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_my_filings_costs_the_same_queries_for_one_filing_and_for_five(client, clerk_a, clerk_b, frameworks):
    create_filing(clerk_a, 2021)
    five = [create_filing(clerk_b, year) for year in range(2021, 2026)]
    counts = {}
    for user, n in [(clerk_a, 1), (clerk_b, 5)]:
        client.force_login(user)
        first, html = home(client)  # nothing kept yet: every filing is checked, all at once
        assert html.count("步已完成") == n
        kept, html = home(client)
        assert html.count("步已完成") == n
        counts[n] = (first, kept)
    assert counts[1] == counts[5]
    # One of the five saved since: it alone is checked again, in the queries of the first visit.
    post_step(client, reverse("entry:step_basic", args=[five[2].pk]), {"total_amount": "10"})
    again, html = home(client)
    assert again == counts[5][0]
    assert html.count("步已完成") == 5


def test_the_check_step_shows_a_finding_typed_just_now(signed_in, seed_filing):
    check = reverse("entry:step_check", args=[seed_filing.pk])
    assert "逐步提高" not in signed_in.get(check).content.decode()
    post_step(signed_in, reverse("entry:step_indicators", args=[seed_filing.pk]), {"ind-0-value_text": "逐步提高"})
    assert "的指标值「逐步提高」是趋势或模糊用语" in signed_in.get(check).content.decode()


def test_a_rule_the_district_switches_off_leaves_the_check_step_at_once(signed_in, seed_filing, district):
    check = reverse("entry:step_check", args=[seed_filing.pk])
    finding = validate_filing(seed_filing)[0]
    assert escape(finding.message) in signed_in.get(check).content.decode()
    settings = ValidationSettings.objects.create(district=district)
    RuleOverride.objects.create(settings=settings, code=finding.code, severity=RuleOverride.Level.OFF)
    assert escape(finding.message) not in signed_in.get(check).content.decode()
