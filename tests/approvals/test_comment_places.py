"""Where clerk_a finds the reviewer's comments (and 撤回) on the pages, and how the reviewer's drafts from the
findings sit on the review page: what the browser walk (tests/e2e/test_review_flow.py) found
confusing, held here without a browser."""

from django.urls import reverse

from approvals import services
from approvals.models import Comment

from .conftest import decide, submit


def indicator_target(client, filing):
    page = client.get(reverse("filing_review", args=[filing.pk])).content.decode()
    return next(t for t in ("indicator:附件1:annual:6", "indicator:附件1:implementation:6") if t in page)


def returned_with_a_comment(client, clerk_a, reviewer, filing):
    submit(clerk_a, filing)
    client.force_login(reviewer)
    client.post(reverse("filing_comment", args=[filing.pk]),
                {"target": indicator_target(client, filing), "text": "请写明怎样计量", "verdict": "fix",
                 "visibility": "unit"})
    decide(reviewer, filing, "C")
    client.force_login(clerk_a)
    return Comment.objects.get(text="请写明怎样计量")


def test_the_first_step_points_clerk_a_to_the_step_the_comment_is_on(client, clerk_a, reviewer, ready_filing):
    comment = returned_with_a_comment(client, clerk_a, reviewer, ready_filing)
    page = client.get(reverse("entry:step_basic", args=[ready_filing.pk])).content.decode()
    indicators = reverse("entry:step_indicators", args=[ready_filing.pk])
    assert 'data-testid="comments-elsewhere"' in page
    assert f'href="{indicators}#{comment.anchor}"' in page
    # Not listed as this step's own, and no marker asked for on a row this page does not have.
    assert "data-comment-anchor" not in page


def test_on_check_each_comment_links_to_its_own_step(client, clerk_a, reviewer, ready_filing):
    comment = returned_with_a_comment(client, clerk_a, reviewer, ready_filing)
    page = client.get(reverse("entry:step_check", args=[ready_filing.pk])).content.decode()
    indicators = reverse("entry:step_indicators", args=[ready_filing.pk])
    assert f'href="{indicators}#{comment.anchor}"' in page
    assert f'href="#{comment.anchor}"' not in page


def test_on_its_own_step_the_comment_marks_its_row(client, clerk_a, reviewer, ready_filing):
    comment = returned_with_a_comment(client, clerk_a, reviewer, ready_filing)
    page = client.get(reverse("entry:step_indicators", args=[ready_filing.pk])).content.decode()
    assert f'data-comment-anchor="{comment.anchor}"' in page and f'id="{comment.anchor}"' in page
    assert 'data-testid="comments-elsewhere"' not in page


def test_drafts_from_the_findings_are_listed_once_apart_from_the_comments(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    url = reverse("filing_review", args=[ready_filing.pk])
    assert 'data-testid="from-findings"' in client.get(url).content.decode()
    client.post(reverse("filing_draft_comments", args=[ready_filing.pk]))
    page = client.get(url).content.decode()
    drafts = Comment.objects.filter(filing=ready_filing, state=Comment.State.DRAFT)
    assert page.count('data-testid="draft"') == drafts.count() > 10
    assert 'data-testid="from-findings"' not in page  # a second press would list nothing
    first = drafts.first()
    services.settle_draft(reviewer, first.pk, accept=True, text="请按检查结果修改")
    page = client.get(url).content.decode()
    assert page.count('data-testid="draft"') == drafts.count()
    assert page.count('data-testid="comment"') == 1 and "请按检查结果修改" in page
    # The unit sees the accepted comment, never the drafts.
    client.force_login(clerk_a)
    unit_page = client.get(url).content.decode()
    assert 'data-testid="draft"' not in unit_page and "请按检查结果修改" in unit_page


def test_every_step_says_why_the_filing_came_back_until_it_is_sent_again(client, clerk_a, reviewer, ready_filing):
    returned_with_a_comment(client, clerk_a, reviewer, ready_filing)
    for name in ("entry:step_basic", "entry:step_check"):
        page = client.get(reverse(name, args=[ready_filing.pk])).content.decode()
        assert 'data-testid="return-reason"' in page
        assert "理由：指标不可考核" in page and "修改建议：补充指标性质和计量单位" in page
    submit(clerk_a, ready_filing)
    page = client.get(reverse("entry:step_check", args=[ready_filing.pk])).content.decode()
    assert 'data-testid="return-reason"' not in page


def test_after_approval_the_wizard_no_longer_lists_comments_as_work(client, clerk_a, reviewer, ready_filing):
    comment = returned_with_a_comment(client, clerk_a, reviewer, ready_filing)
    services.mark_addressed(clerk_a, comment.pk, reply="已改")
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "B")
    page = client.get(reverse("entry:step_indicators", args=[ready_filing.pk])).content.decode()
    assert 'data-testid="step-comments"' not in page
    assert "请写明怎样计量" in client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()


def test_the_filing_page_offers_withdraw_until_the_reviewer_starts(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(clerk_a)
    detail = reverse("filing_detail", args=[ready_filing.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="withdraw"' in page
    ready_filing.refresh_from_db()
    client.post(reverse("filing_act", args=[ready_filing.pk, "withdraw"]), {"seen": ready_filing.revision})
    ready_filing.refresh_from_db()
    assert ready_filing.status == "draft"
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    services.claim(reviewer, ready_filing.pk, seen=ready_filing.revision)
    assert 'data-testid="withdraw"' not in client.get(detail).content.decode()
