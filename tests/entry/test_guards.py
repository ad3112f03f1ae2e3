"""Who may edit, stale saves, expired sessions, starting from last year, and constant query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.entry.services import create_filing
from budgets.locking import STALE_MESSAGE
from budgets.models import Filing, Indicator, PendingInput, ProjectSheet, SubItem

from .helpers import flat, page_fields, post_step


@pytest.fixture
def draft(frameworks, clerk_a):
    return create_filing(clerk_a, 2022)


def url(name, filing, *args):
    return reverse(f"entry:{name}", args=[filing.pk, *args])


def test_another_departments_clerk_gets_404_on_every_step(client, clerk_b, draft):
    client.force_login(clerk_b)
    assert client.get(url("step_basic", draft)).status_code == 404
    assert client.post(url("step_basic", draft), {"revision": "1", "total_amount": "1"}).status_code == 404


def test_reviewer_and_admin_cannot_save_through_the_entry_screens(client, reviewer, admin_user, seed_filing):
    seed_filing.status = Filing.Status.SUBMITTED
    seed_filing.save()
    client.force_login(admin_user)
    page = client.get(url("step_basic", seed_filing)).content.decode()
    assert "只有本单位的填报人可以在此填写申报；您可以查看，不能修改。" in page
    response = client.post(url("step_basic", seed_filing), {"revision": str(seed_filing.revision),
                                                          "department_name": "改名", "total_amount": "1"})
    assert response.status_code == 403
    client.force_login(reviewer)
    response = client.post(url("step_basic", seed_filing), {"revision": str(seed_filing.revision),
                                                          "department_name": "改名", "total_amount": "1"})
    assert response.status_code == 403
    seed_filing.refresh_from_db()
    assert seed_filing.total_amount == Decimal("1482.9")


def test_an_imported_filing_is_read_only_and_says_why(client, clerk_a, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    client.force_login(clerk_a)
    page = client.get(url("step_basic", seed_filing)).content.decode()
    assert "只读：这份申报是历史导入的数据，只读" in page
    assert 'name="action" value="save"' not in page
    assert client.post(url("step_basic", seed_filing), {"revision": "1"}).status_code == 403


def test_a_submitted_filing_is_read_only_for_its_clerk(client, clerk_a, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.SUBMITTED)
    client.force_login(clerk_a)
    assert "这份申报已送审，不能修改。如需修改，可在区财政局开始审核前撤回。" in client.get(url("step_basic", seed_filing)).content.decode()


def test_a_stale_save_is_refused_and_the_typed_input_stays_on_the_page(client, clerk_a, draft):
    client.force_login(clerk_a)
    step = url("step_basic", draft)
    mine = flat(page_fields(client, step))
    # Someone else saves first, from another tab.
    assert post_step(client, step, {"total_amount": "100"}).status_code == 302
    mine.update({"total_amount": "200", "action": "save"})
    response = client.post(step, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert STALE_MESSAGE in html and 'value="200"' in html
    draft.refresh_from_db()
    assert draft.total_amount == Decimal("100")
    # Saving again from that page means "mine wins".
    again = flat(page_fields_from(html))
    again["action"] = "save"
    assert client.post(step, again).status_code == 302
    draft.refresh_from_db()
    assert draft.total_amount == Decimal("200")


def page_fields_from(html):
    from tests.security.forms import extract_form_fields

    return extract_form_fields(html, form_id="step-form")


def test_input_posted_after_the_session_expired_is_offered_back_after_login(client, clerk_a, draft):
    client.force_login(clerk_a)
    step = url("step_basic", draft)
    typed = flat(page_fields(client, step))
    client.logout()
    typed.update({"total_amount": "1482.9", "overall_goal": "保障街道正常运转", "action": "save"})
    response = client.post(step, typed)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert PendingInput.objects.get().username == "clerk_a"
    client.force_login(clerk_a)
    page = client.get(step).content.decode()
    assert "恢复您未保存的内容" in page
    token = PendingInput.objects.get().token
    restored = client.get(step + "?restore=" + token).content.decode()
    assert 'value="1482.9"' in restored and "保障街道正常运转" in restored
    again = flat(page_fields_from(restored))
    again["action"] = "save"
    assert client.post(step, again).status_code == 302
    draft.refresh_from_db()
    assert (draft.total_amount, draft.overall_goal) == (Decimal("1482.9"), "保障街道正常运转")
    assert not PendingInput.objects.exists()


def test_kept_input_is_not_offered_to_another_user(client, clerk_a, admin_user, draft):
    client.force_login(clerk_a)
    step = url("step_basic", draft)
    typed = flat(page_fields(client, step))
    client.logout()
    client.post(step, {**typed, "total_amount": "9"})
    client.force_login(admin_user)
    assert "恢复您未保存的内容" not in client.get(step).content.decode()


def test_input_with_a_stale_csrf_token_is_kept_for_its_user(clerk_a, draft):
    from tests.conftest import AxesAwareClient

    strict = AxesAwareClient(enforce_csrf_checks=True)
    strict.force_login(clerk_a)
    step = url("step_basic", draft)
    typed = flat(page_fields(strict, step))
    typed.update({"csrfmiddlewaretoken": "stale" * 8, "total_amount": "77"})
    response = strict.post(step, typed)
    assert response.status_code == 302 and response["Location"] == step
    assert PendingInput.objects.get().data["total_amount"] == ["77"]
    assert "恢复您未保存的内容" in strict.get(step).content.decode()


def test_leaving_a_step_with_invalid_input_keeps_it_aside(client, clerk_a, draft):
    client.force_login(clerk_a)
    step = url("step_basic", draft)
    response = post_step(client, step, {"total_amount": "abc"}, action="next")
    assert response["Location"] == url("step_tasks", draft)
    assert "恢复您未保存的内容" in client.get(step).content.decode()


def test_starting_from_last_year_copies_structure_and_texts_and_keeps_last_years_values(
        client, clerk_a, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.APPROVED)
    client.force_login(clerk_a)
    page = client.get(reverse("entry:new")).content.decode()
    assert "以2021年为基础" in page
    response = client.post(reverse("entry:new"), {"year": "2022", "kind": "packet", "base": str(seed_filing.pk)})
    new = Filing.objects.get(year=2022)
    assert response["Location"] == url("step_basic", new)
    assert (new.status, new.total_amount, new.duties) == (Filing.Status.DRAFT, None, seed_filing.duties)
    assert SubItem.objects.filter(filing=new).count() == SubItem.objects.filter(filing=seed_filing).count()
    assert ProjectSheet.objects.filter(sub_item__filing=new).count() == 5
    first = Indicator.objects.filter(filing=new, sheet=None).order_by("order").first()
    assert (first.name, first.value_text, first.last_year_value) == ("辖区内居民", "", "2.4万")
    grid = client.get(url("step_indicators", new)).content.decode()
    assert "上年值：2.4万" in grid


def test_a_second_filing_for_the_same_year_is_refused(client, clerk_a, draft):
    client.force_login(clerk_a)
    response = client.post(reverse("entry:new"), {"year": "2022", "kind": "packet", "base": ""})
    assert "井龙街道办事处已有2022年的部门整体支出绩效目标申报" in response.content.decode()


def test_row_check_returns_findings_and_the_parsed_value(client, clerk_a, draft, frameworks):
    client.force_login(clerk_a)
    level2 = draft.framework.level1s.get(name="产出指标").level2s.get(name="数量指标")
    response = client.post(url("check_row", draft), {"row_prefix": "ind-0", "ind-0-level2": str(level2.pk),
                                                     "ind-0-name": "道路", "ind-0-value_text": "增长"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "识别：文字" in html and 'class="row-finding' in html


def _queries(client, method, path, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    assert response.status_code == (200 if method == "get" else 302), response.status_code
    return len(ctx)


def _grow(filing, sub_items, indicators):
    level2 = filing.framework.level1s.first().level2s.first()
    lines = SubItem.objects.bulk_create([SubItem(filing=filing, order=i, seq="", name=f"子项{i}", amount=1)
                                         for i in range(1, sub_items + 1)])
    sheets = ProjectSheet.objects.bulk_create([ProjectSheet(sub_item=line, order=i, name=line.name)
                                               for i, line in enumerate(lines, 1)])
    Indicator.objects.bulk_create([Indicator(filing=filing, sheet=s, level2=level2, order=j, name=f"指标{j}",
                                             value_text="≥1个")
                                   for s in [None, *sheets] for j in range(1, indicators + 1)])
    return sheets[0]


def test_step_pages_and_saves_cost_the_same_queries_for_a_small_and_a_large_filing(
        client, clerk_a, clerk_b, frameworks):
    small, large = create_filing(clerk_a, 2022), create_filing(clerk_b, 2022)
    small_sheet, large_sheet = _grow(small, 1, 2), _grow(large, 30, 20)
    counts = {}
    for name, filing, sheet, user in [("small", small, small_sheet, clerk_a), ("large", large, large_sheet, clerk_b)]:
        client.force_login(user)
        for step, args in [("step_basic", ()), ("step_indicators", ()), ("step_lines", ()),
                           ("step_sheet", (sheet.pk,)), ("step_check", ())]:
            path = url(step, filing, *args)
            counts[(name, step, "get")] = _queries(client, "get", path)
            if step != "step_check":
                data = flat(page_fields(client, path))
                if step in ("step_indicators", "step_sheet"):
                    data["ind-0-name"] = "改过的指标"
                data["action"] = "save"
                counts[(name, step, "post")] = _queries(client, "post", path, data)
    for (name, step, kind), n in counts.items():
        if name == "small":
            assert counts[("large", step, kind)] == n, (step, kind, n, counts[("large", step, kind)])
