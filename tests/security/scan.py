"""Walk every page a user can ask for and collect what leaks, instead of stopping at the first leak.

URLs come from the resolver and the admin registry, so a new page is walked without editing the
tests. A leak is a planted B marker (ZQXB…) or a B primary key (7 digits, see conftest) in a page
the user did not name it in, or a 500.
"""

import html
import re
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from budgets.models import ImportBatch

MARKER = re.compile(r"ZQXB\d+")
NUMBER = re.compile(r"(?<![\w.])\d{7}(?![\w.])")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
FILTER_NAV = re.compile(r'<(nav|search) id="changelist-filter".*?</\1>', re.S)  # <search> since Django 6
QUERY_LINK = re.compile(r'href="(\?[^"]*)"')
# A path segment that names a model by another word ("import/<pk>/" is an ImportBatch).
SEGMENT_ALIASES = {"import": ImportBatch}
# Parameters that take any text, where guessing values means nothing: the registry walk covers
# the admin's <path:object_id> pages, view_on_site needs a content type and the catch-all nothing.
SKIP_CONVERTERS = {"path"}


def _model_for_segment(segment):
    segment = segment.lower()
    if segment in SEGMENT_ALIASES:
        return SEGMENT_ALIASES[segment]
    for model in apps.get_models():
        name = model._meta.model_name
        if segment in (name, name + "s"):
            return model
    return None


def route_patterns(resolver=None, prefix=""):
    """(route, name) for every RoutePattern, nested includes flattened (admin's regex ones are left out)."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if isinstance(p.pattern, RoutePattern):
                yield from route_patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and isinstance(p.pattern, RoutePattern):
            yield prefix + str(p.pattern), p.name


class Walker:
    """One user's walk: requests pages, scans them, counts them, collects problems."""

    def __init__(self, client, world, who):
        self.client = client
        self.world = world
        self.who = who
        self.b_ids = world.b_ids
        self.visited = set()
        self.problems = []
        self.own_rows_shown = 0  # pages of A's rows that answered 200: the walk saw real data

    def problem(self, url, text):
        self.problems.append(f"[{self.who}] {url}: {text}")

    def get(self, url, *, echoed_ids=()):
        self.visited.add(url)
        try:
            response = self.client.get(url)
        except Exception as exc:  # the test client re-raises what would have been a 500
            self.problem(url, f"500 ({type(exc).__name__}: {exc})")
            return None
        if response.status_code >= 500:
            self.problem(url, f"{response.status_code}")
        self.scan(url, response, echoed_ids)
        return response

    def scan(self, url, response, echoed_ids=()):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/", "application/json")) or getattr(response, "streaming", False):
            return
        body = response.content.decode("utf-8", "replace")
        markers = sorted(set(MARKER.findall(body)))
        if markers:
            self.problem(url, "shows " + "; ".join(f"{m} ({self.world.markers.get(m, '?')})" for m in markers[:8])
                         + (f" … {len(markers)} markers" if len(markers) > 8 else ""))
        asked = set(NUMBER.findall(url)) | set(echoed_ids)
        ids = sorted(set(NUMBER.findall(body)) & self.b_ids - asked)
        if ids:
            self.problem(url, "offers B ids " + ", ".join(self._describe_id(i) for i in ids[:8])
                         + (f" … {len(ids)} ids" if len(ids) > 8 else ""))

    def _describe_id(self, pk):
        for model, pks in self.world.b_pks.items():
            if int(pk) in pks:
                return f"{model._meta.label}#{pk}"
        return pk

    def refused(self, url, response):
        """B's row asked for by id: the admin's "does not exist" redirect to its index, or 403/404."""
        if response is None:
            return
        if response.status_code == 302 and response["Location"] == reverse("admin:index"):
            followed = self.get(response["Location"], echoed_ids=NUMBER.findall(url))
            if followed is not None and "不存在" not in followed.content.decode():
                self.problem(url, "redirected to the admin index without saying the object does not exist")
        elif response.status_code not in (403, 404):
            self.problem(url, f"B's row answered {response.status_code}, not refused")


def filled_routes(world, routes):
    """Concrete URLs for routes: (url, filled with a B row, has parameters).

    A parameter after a segment naming a model gets the last A id and the first and last B ids of it.
    """
    out = []
    for route, _name in routes:
        params = PARAM.findall(route)
        if any(conv in SKIP_CONVERTERS for conv, _ in params):
            continue
        combos = [("", False)]
        for piece in re.split(r"(<[^>]+>)", route):
            match = PARAM.fullmatch(piece)
            if not match:
                combos = [(url + piece, b) for url, b in combos]
                continue
            before = route[: route.index(piece)].rstrip("/").rsplit("/", 1)[-1]
            model = _model_for_segment(before)
            if model is not None:
                b = world.b_of(model)
                values = [(v, False) for v in a_ids(world, model)[-1:]] + [(v, True) for v in sorted({*b[:1], *b[-1:]})]
            else:  # unknown: small numbers, and one B id of every kind of row
                values = [(v, False) for v in sorted({1, 3, *(min(pks) for pks in world.b_pks.values())})]
            combos = [(url + str(v), b or vb) for url, b in combos for v, vb in values]
        out.extend(("/" + url, b, bool(params)) for url, b in combos)
    return out


def a_ids(world, model):
    b = world.b_pks.get(model, set())
    return sorted(pk for pk in model._default_manager.values_list("pk", flat=True) if pk not in b)


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def walk_admin(walker, user):
    """Everything the admin registry offers one 管理员: lists, filters, searches, forms, rows, popups."""
    world = walker.world
    request = admin_request(user)
    walker.get(reverse("admin:index"))
    for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
        walker.get(reverse("admin:app_list", args=[app_label]))
    raw_id_targets = set()
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{info}_changelist")
        response = walker.get(changelist)
        if response is not None and response.status_code == 200:
            nav = FILTER_NAV.search(response.content.decode())
            for link in sorted(set(QUERY_LINK.findall(nav.group(0)))) if nav else ():
                walker.get(changelist + html.unescape(link))
        if model_admin.search_fields:
            walker.get(changelist + "?q=ZQXB")
        walker.get(reverse(f"{info}_add"))

        visible = [pk for pk in model_admin.get_queryset(request).order_by("pk").values_list("pk", flat=True)
                   if pk not in world.b_pks.get(model, ())]
        for pk in sorted({*visible[:1], *visible[-1:]}):
            for view in ("change", "history", "delete"):
                walker.get(reverse(f"{info}_{view}", args=[pk]))
        for pk in sorted({*world.b_of(model)[:1], *world.b_of(model)[-1:]}):
            for view in ("change", "history", "delete"):
                url = reverse(f"{info}_{view}", args=[pk])
                walker.refused(url, walker.get(url))

        for owner in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            for field_name in owner.raw_id_fields:
                raw_id_targets.add(owner.model._meta.get_field(field_name).remote_field.model)
            for field_name in owner.autocomplete_fields:
                for term in ("", "ZQXB"):
                    walker.get(reverse("admin:autocomplete") + "?" + urlencode({
                        "app_label": owner.model._meta.app_label, "model_name": owner.model._meta.model_name,
                        "field_name": field_name, "term": term}))
    for model in sorted(raw_id_targets, key=lambda m: m._meta.label):
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        walker.get(reverse(f"{info}_changelist") + "?_to_field=id&_popup=1")


def walk_routes(walker, *, admin_too):
    """Every route the resolver knows, parameters filled; a route filled with a B row must be refused."""
    routes = [(r, n) for r, n in route_patterns() if admin_too or not r.startswith("admin/")]
    for url, with_b_row, has_params in filled_routes(walker.world, routes):
        if url.endswith("/logout/") or url in walker.visited:
            continue  # logout: GET is refused (405) and a POST would end the walk
        response = walker.get(url)
        # 405: the URL serves no GET for anybody's row (POST-only actions are the write walk's).
        if response is None:
            continue
        if with_b_row and response.status_code not in (403, 404, 405):
            walker.problem(url, f"B's row answered {response.status_code}, not 403/404")
        if has_params and not with_b_row and response.status_code == 200:
            walker.own_rows_shown += 1
