"""The entry wizard fuzzed as the filing's owner (the 填报人 clerk_a), every step of both kinds of filing.

test_fuzz.py posts to each form as the first user who can open it, which for the entry steps is a user
who may not save them (403). Here clerk_a opens every step of the seed 部门整体 packet (附件1, 重点工作,
附件2, each 附件3, 添加附件3) and of 项目支出 forms in the shipped project layouts, reads the step's
form as a browser would post it, and posts hostile values field by field, into every field at once,
and with forged formset management forms.

For every answer:
- never a 5xx;
- a refusal (the page again, 「请按红色提示修改」) lists each problem and links it to the place on the
  page that shows it (an input, its row or its table), and at least one of them is the changed field's;
- what was typed into a text field is on the page again, as typed;
- an accepted value is what the step shows when opened again (the same text, or the same number).

Each request runs in a savepoint that is rolled back. The run is seeded: the same requests each time.
FUZZ_REQUESTS sets how many (default 300, for `make test`); FUZZ_REQUESTS=10000 fuzzes every project
layout and a second packet layout as well. FUZZ_REPORT names a file to write the figures to.
"""

import json
import os
import re
import time
from collections import Counter
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client

from budgets.demo.loader import SEED_PACKET
from budgets.entry.columns import grid_periods
from budgets.entry.services import create_filing
from budgets.entry.steps import step_list
from budgets.entry.views import NOT_SAVED
from budgets.models import (
    Filing,
    Indicator,
    KeyTask,
    ProjectCost,
    ProjectForm,
    ProjectMoney,
    ProjectSheet,
    ProjectStage,
)
from budgets.services.packets import create_filing_from_packet
from indicators.models import FormLayout, Level2

from . import fuzzkit as fk
from .test_fuzz import quiet_request_log  # noqa: F401  (a fixture: 4xx are expected, not logged)

FUZZ_REQUESTS = int(os.environ.get("FUZZ_REQUESTS") or 300)
FUZZ_REPORT = os.environ.get("FUZZ_REPORT")
BIG = FUZZ_REQUESTS >= 5000  # every project layout and a second packet layout
ROWS_KEPT = 2  # rows per table: enough to copy and swap, few enough to be quick

# --- What is posted ----------------------------------------------------------------------------------

MILLION_DIGITS = "9" * 1_000_000
LONG = "长" * 5_000
BAD_UTF8 = object()  # sent raw: a lone surrogate as UTF-8 (ED A0 80) and bytes no UTF-8 text has
VALUES = [
    fk.HUGE, LONG, MILLION_DIGITS, "\x00", "ab\x00cd", "\x01\x08\x1b[31m\x7f", "１４８２．９", "≥123456789012345个",
    "≥0.0000001%", "1e999", "-1e999", "1.5", "-1", "10000", "0", "10²", "①", "Ⅻ", "NaN", "Infinity",
    "2147483648", "9223372036854775808", "-9223372036854775809", "<script>alert(1)</script>\"'><b>",
    "'; DROP TABLE budgets_filing; -- ' OR 1=1", "{{7*7}}{% debug %}", "\u202e\u200b\u200d\ufeff右到左",
    "😀🎉👍🏽", "", " ", "\r\n\r\n", "abc", "1,000.5", BAD_UTF8, fk.LIST_VALUE, fk.MISSING, fk.DUPLICATED,
]
# Into every field at once (a million digits in every field would be a 150 MB body, refused whole).
EVERY = ["abc", "ab\x00cd", "≥123456789012345个", "1e999", "１４８２．９", "-1", "1.5", "10000", LONG,
         "<script>alert(1)</script>", "😀", "\u202e\u200b", fk.LIST_VALUE]
# What 保存 buttons and step links post, and the page's hidden revision and owner token, forged. (Not
# with the typed fields: a page without its revision is refused before its fields are read.)
EXTRA_TARGETS = ["action", "goto", "revision", "owner"]
EXTRA_VALUES = {"action": ["next", "prev", "save", "leave", "keep", "删除", "\x00"],
                "goto": ["check", "basic", "sheet-999999", "../admin", "\x00", "money", "targets"],
                "revision": ["", "abc", "0", "-1", "2147483648", "1e999", "ab\x00cd", MILLION_DIGITS],
                "owner": ["", "abc", "ab\x00cd", LONG]}
HUGE_COUNTS = ["100000", "99999999999999999999", "2001", "1001", "1.5", "１"]


def describe(name, value):
    return f"{name}=<bad utf-8>" if value is BAD_UTF8 else fk.describe(name, value)


def body_of(pairs):
    """pairs → (data, content_type) for the test client; a BAD_UTF8 value makes a raw urlencoded body."""
    if not any(v is BAD_UTF8 for _, v in pairs):
        return fk.Form("", "post", False, fields=list(pairs)).data(), None
    parts = []
    for name, value in pairs:
        if value is BAD_UTF8:
            parts.append(urlencode([(name, "")]) + "%ED%A0%80abc%FF%FE")
        else:
            parts.append(urlencode([(name, v) for v in fk.as_list(value)]))
    return "&".join(p for p in parts if p), "application/x-www-form-urlencoded"


def expected_text(value):
    """The text a field's input should show after `value` was posted for it (None: not comparable)."""
    if value is fk.DUPLICATED:
        return "abc"
    if isinstance(value, list):
        return value[-1]  # Django reads a repeated field's last value
    if value is fk.MISSING or value is BAD_UTF8 or value is fk.FILE_MARK:
        return None
    return value


# --- Filings -----------------------------------------------------------------------------------------

def trim(filing):
    for sheet in [None, *ProjectSheet.objects.filter(sub_item__filing=filing)]:
        rows = Indicator.objects.filter(filing=filing, sheet=sheet).order_by("period", "order")
        Indicator.objects.filter(pk__in=[i.pk for i in rows[ROWS_KEPT:]]).delete()
    KeyTask.objects.filter(pk__in=[t.pk for t in filing.key_tasks.order_by("order")[ROWS_KEPT:]]).delete()
    # Two 附件3 are as good as five: the other three go, with their 附件2 rows' sheets.
    for sheet in ProjectSheet.objects.filter(sub_item__filing=filing).order_by("order")[2:]:
        sheet.delete()


def fill_project(filing, n):
    """A project form as a unit would have typed it: a header, a row in each table and in each block."""
    form = ProjectForm.objects.get(filing=filing)
    ProjectForm.objects.filter(pk=form.pk).update(
        name=f"老旧小区提质改造{n}", supervisor="株洲市石峰区住房和城乡建设局", implementing_unit="井龙街道办事处",
        amount=Decimal("968.19"), period_text="2023年1月-2023年12月", basis="《石峰区城市更新实施方案》",
        period_goal="完成辖区老旧小区改造", annual_goal="改造3个小区")
    for order in (1, 2):
        ProjectMoney.objects.create(form=form, order=order, label=f"财政拨款{order}", source="区级",
                                    amount=Decimal("400"))
        ProjectCost.objects.create(form=form, order=order, item=f"外墙改造{order}", amount=Decimal("300"),
                                   basis="2万平方米×300元", last_year="350")
        ProjectStage.objects.create(form=form, order=order, stage="招标", when="2023年3月", content="完成施工招标")
    level2s = list(Level2.objects.filter(level1__framework=filing.framework).select_related("level1")
                   .order_by("level1__order", "order")[:2])
    for period, _ in grid_periods(filing):
        for order, l2 in enumerate(level2s, start=1):
            Indicator.objects.create(filing=filing, period=period, order=order, level2=l2,
                                     level1_name=l2.level1.name, level2_name=l2.name,
                                     name=f"改造小区个数{order}", value_text="≥10个", unit="个", weight=10)


@pytest.fixture
def owned(seed_filing, clerk_a):
    """clerk_a's filings: the seed packet (trimmed), and 项目支出 forms in the project layouts."""
    trim(seed_filing)
    filings = [seed_filing]
    if BIG:  # the seed's rows again in the layout with the most columns (核心指标, 设定依据 …)
        packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
        second = create_filing_from_packet({**packet, "year": 2022}, department=seed_filing.department)
        Filing.objects.filter(pk=second.pk).update(layout=FormLayout.objects.get(code="mof-101-full"))
        trim(second)
        filings.append(Filing.objects.get(pk=second.pk))
    layouts = FormLayout.objects.filter(kind=Filing.Kind.PROJECT, is_active=True).order_by("code")
    codes = [x.code for x in layouts] if BIG else ["hunan-project", "sichuan-2023-project"]
    for n, code in enumerate(codes, start=1):
        filing = create_filing(clerk_a, 2023, kind="project", layout=layouts.get(code=code))
        fill_project(filing, n)
        filings.append(filing)
    return filings


# --- Reading pages -----------------------------------------------------------------------------------

def step_form(html):
    """The step's own form (the largest POST form; the other is 退出) as a browser posts it."""
    forms = [f for f in fk.forms_of(html) if f.method == "post" and "logout" not in f.action]
    if not forms:
        return None
    form = max(forms, key=lambda f: len(f.fields))
    form.fields = [(n, v) for n, v in form.fields if "__prefix__" not in n]  # a <template>'s, never sent
    # An empty choice outside the tables (添加附件3's 支出方向) set to its first real option, as a user
    # would pick one: the unchanged form then saves.
    form.fields = [(n, v or next((o for o in form.options.get(n, []) if o), v) if not row_of(n) else v)
                   for n, v in form.fields]
    return form


class PageReader(fk.HTMLParser):
    """The ids on a page and the error summary's entries (text, link target)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.summary, self._item, self._in_summary = set(), [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "ul" and a.get("data-testid") == "error-summary":
            self._in_summary = True
        elif tag == "li" and self._in_summary:
            self._item = ["", ""]
        elif tag == "a" and self._item is not None:
            self._item[1] = (a.get("href") or "").lstrip("#")

    def handle_data(self, data):
        if self._item is not None:
            self._item[0] += data

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.summary.append(tuple(self._item))
            self._item = None
        elif tag == "ul":
            self._in_summary = False


def read(html):
    reader = PageReader()
    reader.feed(html)
    return reader


def row_of(name):
    m = fk.FORM_INDEX.match(name)
    return (m[1], m[2], m[3]) if m else None


def shown_value(form, name, row_id=None):
    """What the step's form shows for `name` (for a row field with row_id: in the row with that id)."""
    values = dict(form.fields)
    if row_id and (parts := row_of(name)):
        prefix, _, field = parts
        for n, v in form.fields:
            if n.startswith(prefix + "-") and n.endswith("-id") and v == row_id:
                return values.get(n[:-2] + field)
        return None
    return values.get(name)


# Full-width ASCII (１４８２．９) read as its half-width self, as offices type it; not NFKC, which
# would also make 「10²」 102 and 「①」 1, the silent changes this fuzz looks for.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text):
    return text.translate(HALF_WIDTH)


def as_number(text):
    text = half_width(text).replace(",", "").strip()
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def same(sent, shown):
    """The value shown is the one sent: as text (Django strips the ends), or the same number."""
    if shown is None:
        return False
    a, b = sent.strip(), shown.strip()
    if a == b or half_width(a) == half_width(b):
        return True
    number = as_number(a)
    return number is not None and number.is_finite() and number == as_number(b)


# --- The fuzzer --------------------------------------------------------------------------------------

class OwnerFuzz:
    def __init__(self, client):
        self.client = client
        client.raise_request_exception = False
        self.sent = 0
        self.statuses = Counter()
        self.problems = []  # (kind, text)
        self.checked = Counter()  # which checks ran, to show the run was not idle
        self.started = time.monotonic()

    def problem(self, kind, url, what, detail=""):
        self.problems.append((kind, f"{kind}: POST {url} [{what}] {detail}"[:400]))

    def request(self, method, url, data=None, content_type=None):
        self.sent += 1
        try:
            if method == "get":
                response = self.client.get(url)
            elif content_type:
                response = self.client.post(url, data, content_type=content_type)
            else:
                response = self.client.post(url, data or {})
        except Exception as exc:  # the client raises only for errors outside the view
            self.statuses["exception"] += 1
            return None, fk._summary(exc)
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            info = getattr(response, "exc_info", None)
            return response, fk._summary(info[1]) if info else response.content.decode(errors="replace")[:200]
        return response, None

    def post(self, url, form, pairs, what, field=None, value=None):
        """One hostile POST and the checks on its answer, rolled back."""
        with transaction.atomic():
            data, content_type = body_of(pairs)
            response, error = self.request("post", url, data, content_type)
            if error:
                self.problem("5xx", url, what, error)
            elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                self.check_refusal(url, form, response.content.decode(), what, field, value)
            elif response.status_code == 302 and field:
                self.check_accepted(url, form, pairs, what, field, value)
            transaction.set_rollback(True)

    def check_refusal(self, url, form, html, what, field, value):
        page = read(html)
        self.checked["refusals listed"] += bool(page.summary)
        if NOT_SAVED in html and not page.summary:
            self.problem("no red hint", url, what, "「请按红色提示修改」 with no refusal listed")
        for text, anchor in page.summary:
            if DJANGO_ENGLISH.search(text) or not CJK.search(text):
                self.problem("refusal not in Chinese", url, what, text)
            if anchor and anchor not in page.ids:
                self.problem("hint links nowhere", url, what, f"{text} → #{anchor}")
        if field is None or field in EXTRA_TARGETS:
            return
        if page.summary and not any(names_field(anchor, field) for _, anchor in page.summary):
            self.problem("refusal does not name the field", url, what,
                         " | ".join(f"{t} → #{a}" for t, a in page.summary)[:300])
        expected = expected_text(value)
        if expected is None or form.kinds.get(field) not in ("text", "textarea", "number"):
            return
        again = step_form(html)
        shown = shown_value(again, field) if again else None
        self.checked["typed text shown again"] += shown is not None
        if shown is not None and shown != expected and not (shown.strip() == expected.strip()):
            self.problem("typed value lost", url, what, f"shows {fk.short(shown)}")

    def check_accepted(self, url, form, pairs, what, field, value):
        expected = expected_text(value)
        if expected is None or form.kinds.get(field) not in ("text", "textarea", "number") or not expected.strip():
            return
        parts = row_of(field)
        row_id = dict(form.fields).get(f"{parts[0]}-{parts[1]}-id") if parts else None
        if parts and not row_id:
            return  # a new row: where it lands after the save is the 行号's business
        if parts and parts[2] == "order":
            # 行号 orders the rows (「改「行号」可调整顺序」): saved, the table is numbered 1, 2, 3 … in
            # the order typed, so the row's new 行号 is its place in that order.
            expected = str(rank(pairs, parts[0], row_id))
        response, error = self.request("get", url)
        if error:
            self.problem("5xx", url, f"reopen after {what}", error)
            return
        again = step_form(response.content.decode())
        shown = shown_value(again, field, row_id) if again else None
        self.checked["saved value reopened"] += 1
        if not same(expected, shown or ""):
            self.problem("silently changed", url, what, f"saved, then shows {fk.short(shown)}")

    def report(self):
        seconds = time.monotonic() - self.started
        kinds = Counter(kind for kind, _ in self.problems)
        lines = [f"{self.sent} requests in {seconds:.0f} s; statuses {dict(sorted(self.statuses.items(), key=str))};"
                 f" checks {dict(self.checked)}; problems {dict(kinds)}"]
        shown = Counter()
        for kind, text in self.problems:
            shown[kind] += 1
            if shown[kind] <= 15:
                lines.append(text)
        return "\n".join(lines)


# Django's own messages, which would show through where a form forgot to say it in Chinese.
DJANGO_ENGLISH = re.compile(r"This field|Enter a |Ensure this|Select a valid|ManagementForm|Please submit|"
                            r"is required|Null characters")
CJK = re.compile(r"[\u4e00-\u9fff]")


def rank(pairs, prefix, row_id):
    """The place of the stored row `row_id` among its table's stored rows once sorted by the 行号 posted
    (a row without one goes last, in page order), as the save numbers them."""
    values = dict(pairs)
    keys = []
    for position in range(int(values[f"{prefix}-TOTAL_FORMS"])):
        pk = values.get(f"{prefix}-{position}-id")
        if pk:
            order = values.get(f"{prefix}-{position}-order", "")
            keys.append(((int(order) if order.strip() else 10000 + position, position), pk))
    return [pk for _, pk in sorted(keys)].index(row_id) + 1


def names_field(anchor, field):
    """Whether a refusal's link lands on the field, its row or its table."""
    if anchor == f"id_{field}":
        return True
    if parts := row_of(field):
        prefix, index, _ = parts
        return anchor.startswith((f"id_{prefix}-{index}-", f"{prefix}-{index}-", f"{prefix}-errors"))
    return False


# --- What is tried on each step ----------------------------------------------------------------------

def jobs(form, rng):
    """(what, pairs, field, value) for one step's form: every value in every field (in a seeded order),
    every field at once, forged management forms; then two fields at a time, without end."""
    base = form.fields
    targets = [n for n in fk.fuzz_targets(form) if not n.endswith(fk.MANAGEMENT) and n not in EXTRA_TARGETS]
    each = []
    for name in targets:
        for value in VALUES:
            each.append((describe(name, value), fk.mutate(base, name, value) if value is not BAD_UTF8
                         else fk.replace(base, name, BAD_UTF8), name, value))
    for name in EXTRA_TARGETS:
        for value in EXTRA_VALUES[name] + [fk.LIST_VALUE, fk.MISSING]:
            each.append((describe(name, value), fk.mutate(base, name, value), name, value))
    for value in EVERY:
        pairs = base
        for name in targets:
            pairs = fk.replace(pairs, name, value)
        each.append((f"every field={fk.short(value)}", pairs, None, value))
    for what, pairs in fk.management_mutations(form):
        each.append((what, pairs, None, None))
    for name in [n for n, _ in base if n.endswith("-TOTAL_FORMS")]:
        for value in HUGE_COUNTS:
            each.append((f"{name}={value}", fk.replace(base, name, value), None, None))
    rng.shuffle(each)
    yield "unchanged", base, None, None
    yield from each
    while targets:
        a, b = rng.sample(targets, 2) if len(targets) > 1 else (targets[0], targets[0])
        va, vb = rng.choice(VALUES[1:]), rng.choice(VALUES[1:])  # not HUGE twice: kept quick
        pairs = fk.replace(base, a, va) if va is not BAD_UTF8 else fk.replace(base, a, BAD_UTF8)
        pairs = fk.mutate(pairs, b, vb) if vb is not BAD_UTF8 else fk.replace(pairs, b, BAD_UTF8)
        yield f"{describe(a, va)}; {describe(b, vb)}", pairs, None, None


def steps_of(filing):
    filing = Filing.objects.get(pk=filing.pk)
    sheets = list(ProjectSheet.objects.filter(sub_item__filing=filing).order_by("order"))
    return step_list(filing, sheets)


def row_check_form(url, grid_form):
    """What the grid's row check (htmx, static/js/entry.js) posts for the grid's first row."""
    fields = [(n, v) for n, v in grid_form.fields if n.startswith("ind-0-")]
    fields += [("row_prefix", "ind-0"), ("sheet", dict(grid_form.fields).get("sheet", ""))]
    return fk.Form(url, "post", False, fields=fields, kinds={n: "text" for n, _ in fields})


def owner_streams(fuzz, filings):
    """(url, form, jobs, mode) for every form the owner can post: each step of each filing ("step"),
    the 检查 step ("check", which saves nothing), the grids' row check and 新建填报 ("plain")."""
    streams = [("/entry/new/", step_form(fuzz.request("get", "/entry/new/")[0].content.decode()), "plain")]
    for filing in filings:
        for step in steps_of(filing):
            response, error = fuzz.request("get", step.url)
            assert error is None and response.status_code == 200, (step.url, error)
            form = step_form(response.content.decode())
            assert form is not None and dict(form.fields).get("revision"), f"{step.url}: no step form for the owner"
            streams.append((step.url, form, "check" if step.key == "check" else "step"))
            if "ind-0-id" in dict(form.fields):
                url = f"/entry/{filing.pk}/check-row/"
                streams.append((url, row_check_form(url, form), "plain"))
    return [(url, form, jobs(form, fk.seeded(f"owner{url}{len(form.fields)}")), mode) for url, form, mode in streams]


def test_hostile_values_posted_by_the_owner_to_every_entry_step_are_refused_by_name_or_kept(owned, clerk_a):
    client = Client()
    client.force_login(clerk_a)
    fuzz = OwnerFuzz(client)
    streams = owner_streams(fuzz, owned)
    kinds = Counter(("project" if "/project/" in url else "packet") for url, _, _, mode in streams if mode == "step")
    # Both kinds, every step: 附件1, 重点工作, 指标, 附件2, each 附件3, 添加附件3; 3 per project form.
    assert kinds["packet"] >= 7 and kinds["project"] >= 6, kinds
    # Round robin over the forms, so a small run still reaches each step's unchanged save and more.
    unchanged = Counter()
    live = list(streams)
    while live and fuzz.sent < FUZZ_REQUESTS:
        url, form, stream, mode = live.pop(0)
        try:
            what, pairs, field, value = next(stream)
        except StopIteration:  # a form without fields to combine (检查) is done after its list
            continue
        live.append((url, form, stream, mode))
        before = Counter(fuzz.statuses)
        fuzz.post(url, form, pairs, what, *((field, value) if mode == "step" else ()))
        if what == "unchanged" and mode != "plain":
            # A step saves its form as opened; 检查 has no save and says so (405).
            status = 302 if mode == "step" else 405
            assert fuzz.statuses[status] == before[status] + 1, f"{url}: the unchanged form was not answered {status}"
            unchanged[mode] += 1
    summary = fuzz.report()
    if FUZZ_REPORT:
        with open(FUZZ_REPORT, "a") as out:
            out.write(summary + "\n")
    print(summary)
    assert unchanged["step"] == sum(kinds.values())
    assert not fuzz.problems, summary


def test_the_owner_fuzz_reads_every_field_of_a_project_step(owned, clerk_a):
    # Guards the fuzz: if the form reader stopped seeing the rows, the test above would pass idly.
    client = Client()
    client.force_login(clerk_a)
    project = next(f for f in owned if f.is_project)
    money = next(s for s in steps_of(project) if s.key == "money")
    form = step_form(client.get(money.url).content.decode())
    names = dict(form.fields)
    for prefix in ("money", "cost", "stage"):
        assert names[f"{prefix}-INITIAL_FORMS"] == "2"
        assert names[f"{prefix}-0-id"] and f"{prefix}-1-order" in names
    assert form.kinds["cost-0-basis"] == "textarea"
    assert not any("__prefix__" in n for n in names)


def test_a_nul_pasted_into_an_indicator_name_gets_the_row_checks_message_not_a_server_error(owned, clerk_a):
    # Found by the owner fuzz: the row check (htmx, as the 填报人 types) read the refused name → 500.
    client = Client()
    client.force_login(clerk_a)
    project = next(f for f in owned if f.is_project)
    targets = next(s for s in steps_of(project) if s.key == "targets")
    url = f"/entry/{project.pk}/check-row/"
    form = row_check_form(url, step_form(client.get(targets.url).content.decode()))
    response = client.post(url, form.data(fk.replace(form.fields, "ind-0-name", "井龙\x00社区")))
    assert response.status_code == 200
    assert "空字符" in response.content.decode()
