"""Whatever anyone sends, the answer is a page or a 4xx, never a server error (500).

Bounded and deterministic (seeded): every admin add/change form, every other POST form found on the
pages, and every GET URL with malformed query strings, as each member of the cast and anonymously.
All failures are collected and reported together, each with the request that caused it.
Each request runs in a savepoint that is rolled back, so one mutation never spoils the next.
"""

import logging

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve

from budgets.audit import log_action
from budgets.models import (
    Filing,
    ImportBatch,
    Indicator,
    KeyTask,
    ProjectFunding,
    ProjectSheet,
    ValidationSettings,
)

from . import fuzzkit as fk

ADMINS = ("admin_user", "superuser")
EVERYONE = ("admin_user", "superuser", "clerk_a", "reviewer", "anonymous")
# Keys every page is tried with, besides those its own links use (list filters, sorting, paging).
QUERY_KEYS = ["q", "o", "p", "e", "all", "year", "page", "_to_field", "_popup", "_changelist_filters", "zz"]
ROWS_KEPT = 3  # rows per table of the seed filing: enough to copy and swap rows, few enough to be quick


@pytest.fixture(autouse=True)
def quiet_request_log():
    # Every 4xx would be logged; the fuzz reports the failures itself.
    names = ["django.request", "django.security", "django.security.csrf", "budgets", "approvals"]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def world(seed_filing, cast, district, django_user_model):
    """The seed filing (trimmed), the whole cast, a superuser, and an object of every admin model."""
    for sheet in [None, *ProjectSheet.objects.filter(sub_item__filing=seed_filing)]:
        rows = Indicator.objects.filter(filing=seed_filing, sheet=sheet).order_by("period", "order")
        Indicator.objects.filter(pk__in=[i.pk for i in rows[ROWS_KEPT:]]).delete()
    KeyTask.objects.filter(pk__in=[t.pk for t in seed_filing.key_tasks.order_by("order")[ROWS_KEPT:]]).delete()
    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).first()
    ProjectFunding.objects.create(sheet=sheet, source=ProjectFunding.SOURCES[0][0], amount=1)
    superuser = django_user_model.objects.create_superuser("root", password="pw-root")
    log_action("filing.printed", actor=cast["clerk_a"], filing=seed_filing, attachments=[1])
    ValidationSettings.objects.create(district=district)
    batch = ImportBatch.objects.create(created_by=cast["admin_user"], filename="old.xlsx", size=3, sha256="0" * 64,
                                       content=b"abc", summary={}, status=ImportBatch.Status.PREVIEWED)
    users = {name: cast[name] for name in ("admin_user", "clerk_a", "reviewer")}
    users["superuser"] = superuser
    return {"filing": seed_filing, "users": users, "ids": sorted({seed_filing.pk, batch.pk, sheet.pk})}


def fuzzers(world, names):
    out = {}
    for name in names:
        client = Client()
        if name != "anonymous":
            client.force_login(world["users"][name])
        out[name] = fk.Fuzzer(client, name)
    return out


def report(fuzzers):
    failures = [f for fz in fuzzers for f in fz.failures]
    sent = sum(fz.sent for fz in fuzzers)
    listing = "\n".join(str(f) for f in failures[:100])
    return f"{len(failures)} of {sent} requests failed:\n{listing}"


def visible_object(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.get_queryset(request).order_by("pk").first()


def admin_form_pages(user):
    """The add page and one existing object's change page of every model in the admin."""
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield f"/admin/{opts.app_label}/{opts.model_name}/add/"
        obj = visible_object(model_admin, user)
        if obj is not None:
            yield f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def html_of(response):
    if not response["Content-Type"].startswith("text/html"):
        return ""  # downloads (xlsx, zip, PDF)
    return response.content.decode()


def post_forms(html):
    return [f for f in fk.forms_of(html) if f.method == "post" and "logout" not in f.action]


def fuzz_page(fuzzer, url, per_field, every_field=None, formsets=True):
    """Open a page and fuzz its POST forms; returns how many forms were found."""
    page = fuzzer.send("get", url, what="open")
    if page is None or page.status_code != 200:
        return 0
    forms = post_forms(html_of(page))
    for form in forms:
        rng = fk.seeded(f"{fuzzer.who}{url}")
        for what, pairs in fk.mutations(form, rng, per_field, every_field, formsets):
            fuzzer.send("post", form.action or url, form.data(pairs), what)
    return len(forms)


def test_hostile_values_in_any_admin_add_or_change_form_never_cause_a_server_error(world):
    users = fuzzers(world, ADMINS)
    for who, fuzzer in users.items():
        # The district 管理员 gets the whole treatment (each field alone on the change pages, whose
        # forms are the add pages' and more); the superuser, whose choices are not narrowed to a
        # district, a short list in every field of the change pages at once.
        for url in admin_form_pages(world["users"][who]):
            if who == "admin_user":
                fuzz_page(fuzzer, url, per_field=1 if url.endswith("/change/") else 0)
            elif url.endswith("/change/"):
                fuzz_page(fuzzer, url, per_field=0, every_field=fk.FEW[:4], formsets=False)
    assert not any(fz.failures for fz in users.values()), report(users.values())


# --- Every URL ---------------------------------------------------------------------------------------

def concrete_urls(world, who, bogus=True):
    """Every route of the URL resolver with real ids and (if `bogus`) non-integer and out-of-range
    ones, and the admin's app pages. Users outside the admin only get its real-id pages (all redirect)."""
    user = world["users"].get(who)
    bad = ["0", "abc", "9223372036854775808", "%00"] if bogus else []
    urls = []
    for template, _name in fk.url_templates():
        model = fk.model_of(template) if "<path:object_id>" in template else None
        if model is not None:  # the admin's own object pages; its extra pages (import/<pk>/ …) take world ids
            obj = visible_object(admin.site._registry[model], user) if who in ADMINS else None
            ids = ([obj.pk] if obj else ["1"]) + (bad if who in ADMINS else [])
        else:
            ids = world["ids"] + bad[:1] + bad[2:3]
        urls += fk.fill(template, ids)
    urls += sorted({f"/admin/{m._meta.app_label}/" for m in admin.site._registry})
    return list(dict.fromkeys(urls))


def is_form_page(url):
    """An admin add or change page (the admin's own password_change page is not one)."""
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    return hasattr(match.func, "model_admin") and (match.url_name or "").endswith(("_add", "_change"))


def test_every_other_post_form_on_every_page_survives_hostile_values(world):
    users = fuzzers(world, EVERYONE)
    seen = set()
    for who, fuzzer in users.items():
        for url in concrete_urls(world, who, bogus=False):
            if "/pdf/" in url or is_form_page(url):
                continue  # PDFs have no forms; add/change forms have their own test
            page = fuzzer.send("get", url, what="open")
            if page is None or page.status_code != 200:
                continue
            for form in post_forms(html_of(page)):
                target = form.action or url
                name = resolve(target.split("?")[0]).view_name
                if name in seen:
                    continue  # each form once, as the first user who can open it
                seen.add(name)
                rng = fk.seeded(f"{who}{target}")
                for what, pairs in fk.mutations(form, rng, per_field=2, every_field=fk.FEW):
                    fuzzer.send("post", target, form.data(pairs), what)
    # The fuzz reached the forms it is meant for (else it would pass idly).
    assert {"login", "admin:login", "admin:budgets_filing_import", "admin:budgets_filing_export",
            "admin:budgets_filing_import_confirm", "admin:budgets_filing_changelist",
            "admin:budgets_filing_delete", "admin:password_change"} <= seen, sorted(seen)
    assert not any(fz.failures for fz in users.values()), report(users.values())


HOSTILE_TEXT = ["9" * 40, "１４８２．９①²Ⅻ\u202e", "😀🎉 <script>alert(1)</script> {{7*7}} {% debug %} ' OR 1=1 --"]


def store_hostile_text(fuzzer, filing):
    """Save hostile (but valid) text into the filing and its rows, so the pages below must show it."""
    url = f"/admin/budgets/filing/{filing.pk}/change/"
    for value in HOSTILE_TEXT:
        # Opened afresh for each save, as a browser would: a page's revision token is good for one save.
        page = fuzzer.send("get", url, what="open")
        form = post_forms(page.content.decode())[0]
        pairs = form.fields
        for name, kind in form.kinds.items():
            if kind == "textarea" and "__prefix__" not in name:
                pairs = fk.replace(pairs, name, value)
        fuzzer.send("post", url, form.data(pairs), f"store {fk.short(value)}", keep=True)
    filing.refresh_from_db()
    assert filing.duties == HOSTILE_TEXT[-1]  # kept: the list, the filing page and its PDF show it


# Keys an object page (change, history, delete …) is tried with, one hostile value each.
PAGE_KEYS = ["_to_field", "_changelist_filters", "_popup", "q"]


def query_mutations(url, html, who, rng):
    """(description, query pairs) for one page: lists and the home page get their own keys fuzzed."""
    try:
        name = resolve(url).url_name or ""
    except Resolver404:
        return
    if name == "home" or name.endswith("_changelist"):
        keys = QUERY_KEYS + sorted({k for pairs in fk.query_links(html) for k, _ in pairs})
        for key in dict.fromkeys(keys):
            for value in rng.sample(fk.HOSTILE, 2 if who == "admin_user" else 1):
                yield f"{key}={fk.short(value)}", [(key, value)]
        yield "every key=NUL", [(k, "ab\x00cd") for k in keys]
    elif who != "admin_user":
        return  # the superuser's and others' object pages: the plain requests are enough
    elif name.endswith("_add"):  # add pages take initial values from the query string
        keys = sorted({n for f in post_forms(html) for n, _ in f.fields if not fk.FORM_INDEX.match(n)})
        for value in fk.FEW_QUERY:
            yield f"every field={fk.short(value)}", [(k, v) for k in keys for v in fk.as_list(value)]
    else:
        for key in PAGE_KEYS:
            value = rng.choice(fk.HOSTILE)
            yield f"{key}={fk.short(value)}", [(key, value)]


def test_malformed_query_strings_on_every_url_never_cause_a_server_error(world):
    users = fuzzers(world, EVERYONE)
    store_hostile_text(users["admin_user"], world["filing"])
    for who, fuzzer in users.items():
        rng = fk.seeded(f"query-{who}")
        for url in concrete_urls(world, who):
            page = fuzzer.send("get", url, what="plain")
            if page is None or page.status_code != 200 or "/pdf/" in url:
                continue
            for what, query in query_mutations(url, html_of(page), who, rng):
                fuzzer.send("get", fk.with_query(url, query), what=what)
        if who in ADMINS:
            fuzz_admin_helpers(fuzzer, rng)
    assert not any(fz.failures for fz in users.values()), report(users.values())


def fuzz_admin_helpers(fuzzer, rng):
    """The autocomplete JSON view for every autocomplete field, and the raw-id popups."""
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            base = {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
                    "field_name": field_name, "term": "井"}
            for key in base:
                for value in [*fk.HOSTILE, fk.LIST_VALUE] if key == "term" else rng.sample(fk.HOSTILE, 3):
                    query = [(k, v) for k, v in base.items() if k != key]
                    query += [(key, v) for v in (value if isinstance(value, list) else [value])]
                    fuzzer.send("get", fk.with_query("/admin/autocomplete/", query), what=f"{key}={fk.short(value)}")
            for value in ["abc", "-1", "0", "9" * 30]:
                fuzzer.send("get", fk.with_query("/admin/autocomplete/", [*base.items(), ("page", value)]),
                            what=f"page={value}")
        for field_name in model_admin.raw_id_fields:
            related = model._meta.get_field(field_name).remote_field
            url = f"/admin/{related.model._meta.app_label}/{related.model._meta.model_name}/"
            popup = [("_to_field", related.field_name), ("_popup", "1")]
            for value in rng.sample(fk.HOSTILE, 4):
                fuzzer.send("get", fk.with_query(url, [*popup, ("q", value)]), what=f"popup q={fk.short(value)}")
            for value in ["password", "abc", "\x00"]:
                fuzzer.send("get", fk.with_query(url, [("_to_field", value), ("_popup", "1")]),
                            what=f"popup _to_field={value!r}")


def test_the_fuzz_reaches_every_admin_form_and_sees_its_fields(world):
    # Guards the fuzz itself: if the extractor stopped finding forms, the tests above would pass idly.
    client = Client()
    client.force_login(world["users"]["admin_user"])
    html = client.get(f"/admin/budgets/filing/{world['filing'].pk}/change/").content.decode()
    form = post_forms(html)[0]
    names = dict(form.fields)
    assert names["indicators-TOTAL_FORMS"] == str(ROWS_KEPT)
    assert "indicators-0-id" in names and "department" in names and "_save" in names
    assert form.kinds["duties"] == "textarea"
    district_admin = world["users"]["admin_user"]
    pages = list(admin_form_pages(district_admin))
    request = RequestFactory().get("/")
    request.user = district_admin
    # Every admin the district 管理员 may add to yields an add page, and nearly every one a change page too.
    writable = [ma for ma in admin.site._registry.values() if ma.has_add_permission(request)]
    assert len(writable) >= 8
    assert len(pages) >= 2 * len(writable) - 3
    assert Filing.objects.filter(pk=world["filing"].pk).exists()
