"""Every refusal on a step is shown next to its field and listed at the top by table, row and column:
a bad 行号 on any table, a NUL in any text, a forged hidden field, a tampered management form."""

import pytest
from django.urls import reverse

from budgets.entry.services import create_filing
from budgets.entry.views import NOT_SAVED
from budgets.models import ProjectSheet
from indicators.models import FormLayout

from .helpers import flat, page_fields, post_step, read_page

ORDER_REFUSED = "行号应为0到9999之间的整数"
NUL_REFUSED = "含有无法保存的空字符"


@pytest.fixture
def project(frameworks, clerk_a):
    return create_filing(clerk_a, 2023, kind="project", layout=FormLayout.objects.get(code="sichuan-2023-project"))


def url(name, filing, *args):
    return reverse(f"entry:{name}", args=[filing.pk, *args])


def refused(client, step, changes):
    response = post_step(client, step, changes)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert NOT_SAVED in html
    return html, read_page(html)


def summary_links(html):
    """{link target: the line's text} of the list under 「请按红色提示修改」."""
    start = html.index('data-testid="error-summary"')
    block = html[start:html.index("</ul>", start)]
    links = {}
    for part in block.split("<li>")[1:]:
        target = part.split('href="#', 1)[1].split('"', 1)[0] if 'href="#' in part else ""
        text = "".join(chunk.split(">", 1)[-1] for chunk in part.split("<"))
        links[target] = text
    return links


# --- 行号 on every row table ---------------------------------------------------------------------------

PACKET_TABLES = [("step_tasks", "task", "年度重点工作计划", {}),
                 ("step_lines", "line", "附件2", {}),
                 ("step_indicators", "ind", "年度绩效指标", {})]
PROJECT_TABLES = [("money", "项目资金", {"money-0-label": "财政拨款"}),
                  ("cost", "成本测算", {"cost-0-item": "保洁"}),
                  ("stage", "实施进度计划", {"stage-0-stage": "一季度"})]


@pytest.mark.parametrize("bad", ["1.5", "-1", "10000"])
@pytest.mark.parametrize("name,prefix,title,fill", PACKET_TABLES)
def test_a_bad_row_number_on_a_packet_table_is_shown_on_its_row_and_in_the_summary(
        signed_in, seed_filing, name, prefix, title, fill, bad):
    html, page = refused(signed_in, url(name, seed_filing), {**fill, f"{prefix}-0-order": bad})
    field = f"id_{prefix}-0-order"
    assert ORDER_REFUSED in page.cells[field]
    assert summary_links(html)[field].startswith(f"{title} 第1行 · 行号：{ORDER_REFUSED}")


@pytest.mark.parametrize("bad", ["1.5", "-1", "10000"])
@pytest.mark.parametrize("prefix,title,fill", PROJECT_TABLES)
def test_a_bad_row_number_on_a_project_table_is_shown_on_its_row_and_in_the_summary(
        signed_in, project, prefix, title, fill, bad):
    html, page = refused(signed_in, url("project_money", project), {**fill, f"{prefix}-0-order": bad})
    field = f"id_{prefix}-0-order"
    assert ORDER_REFUSED in page.cells[field]
    assert summary_links(html)[field].startswith(f"{title} 第1行 · 行号：{ORDER_REFUSED}")


# --- a NUL in any text -------------------------------------------------------------------------------

def test_a_nul_in_a_key_task_is_shown_next_to_it(signed_in, seed_filing):
    html, page = refused(signed_in, url("step_tasks", seed_filing), {"task-1-responsible": "城管\x00办"})
    assert NUL_REFUSED in page.cells["id_task-1-responsible"]
    assert summary_links(html)["id_task-1-responsible"].startswith(f"年度重点工作计划 第2行 · 责任单位/科室：{NUL_REFUSED}")


def steps_of(seed_filing, project):
    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).order_by("order").first()
    return [url("step_basic", seed_filing), url("step_tasks", seed_filing), url("step_indicators", seed_filing),
            url("step_lines", seed_filing), url("step_sheet", seed_filing, sheet.pk),
            url("project_basic", project), url("project_money", project), url("project_targets", project)]


def test_a_nul_in_every_text_field_of_every_step_is_shown_next_to_that_field(signed_in, seed_filing, project):
    for step in steps_of(seed_filing, project):
        shown = read_page(signed_in.get(step).content.decode())
        names = shown.text_inputs
        assert names, step
        typed = flat(page_fields(signed_in, step))
        html, page = refused(signed_in, step, {name: (typed.get(name) or "") + "\x00" for name in names})
        links = summary_links(html)
        for name in names:
            field = f"id_{name}"
            assert "invalid-feedback" in html and page.cells.get(field), (step, name)
            # A NUL in an amount or a 权重 is no number: that message instead, still beside the field.
            assert any(word in page.cells[field] for word in (NUL_REFUSED, "金额", "应为数字")), (step, name)
            assert field in links, (step, name)


# --- what a browser never sends: hidden fields, management forms ------------------------------------

def test_a_forged_row_id_is_shown_on_its_row_and_in_the_summary(signed_in, seed_filing):
    html, page = refused(signed_in, url("step_tasks", seed_filing), {"task-0-id": "abc"})
    assert "该行的编号" in page.cells["task-0-errors"]
    assert summary_links(html)["task-0-errors"].startswith("年度重点工作计划 第1行 · 该行的编号")


def test_a_nul_in_a_grids_hidden_last_year_value_is_shown_on_its_row(signed_in, seed_filing):
    html, page = refused(signed_in, url("step_indicators", seed_filing), {"ind-0-last_year_value": "\x00"})
    assert NUL_REFUSED in page.cells["ind-0-errors"]
    assert "ind-0-errors" in summary_links(html)


@pytest.mark.parametrize("name,prefix", [("step_tasks", "task"), ("step_lines", "line"), ("step_indicators", "ind")])
def test_a_missing_management_form_is_said_and_the_rows_stay_as_typed(signed_in, seed_filing, name, prefix):
    step = url(name, seed_filing)
    data = flat(page_fields(signed_in, step))
    del data[f"{prefix}-TOTAL_FORMS"]
    data.update({f"{prefix}-0-order": "1", "action": "save"})
    first_text = next(k for k in data if k.startswith(f"{prefix}-0-") and k.endswith(("-item", "-name")))
    data[first_text] = "改过的第一行"
    response = signed_in.post(step, data)
    html = response.content.decode()
    assert response.status_code == 200 and NOT_SAVED in html
    assert f'id="{prefix}-errors" role="alert">表格的行数信息缺失或被改动（{prefix}-TOTAL_FORMS）' in html
    assert f"{prefix}-errors" in summary_links(html)
    assert "改过的第一行" in html
    # The page shown again carries a sound management form: saving it once more goes through.
    again = flat(page_fields_from(html))
    again["action"] = "save"
    assert signed_in.post(step, again).status_code == 302


def test_more_rows_than_a_table_takes_is_said_in_chinese(signed_in, seed_filing):
    step = url("step_tasks", seed_filing)
    html, page = refused(signed_in, step, {"task-TOTAL_FORMS": "1001"})
    assert "本表最多1000行" in html
    assert "task-errors" in summary_links(html)


def page_fields_from(html):
    from tests.security.forms import extract_form_fields

    return extract_form_fields(html, form_id="step-form")
