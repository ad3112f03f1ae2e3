"""Tools for the fuzz test: read forms out of real HTML, list every URL, send hostile requests, keep 5xx.

Nothing here knows the app's forms by name: forms are read from the pages a browser would get, URLs
from the URL resolver and the admin registry, so a new model, inline or view is fuzzed without a
change here.
"""

import os
import random
import re
import time
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

# --- Hostile values ---------------------------------------------------------------------------------

HUGE = "长" * 50_000 + "9" * 50_000  # 100k characters, of two kinds (CJK text and digits)
HOSTILE = [
    HUGE,
    "\x00",
    "ab\x00cd",
    "😀🎉👍🏽",
    "１４８２．９",
    "²",
    "①",
    "Ⅻ",
    "9" * 40,
    "1e309",
    "-1e309",
    "-1",
    "-0.000001",
    "0.0000001",
    "NaN",
    "Infinity",
    "-Infinity",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "{% debug %}",
    "../../etc/passwd",
    "%00",
    "\u202e\u200b",
    "\r\n\r\n",
    "",
    " ",
    "abc",
    "0",
    "1,000.5",
    "2021-02-30",
    "9999-12-31 23:59:59",
]
# Wrong types: a list where one value is expected, and a file where text is expected.
LIST_VALUE = ["1", "2", "abc"]
FILE_MARK = object()


def upload():
    return SimpleUploadedFile("evil.xlsx", b"PK\x03\x04 not really a zip \x00\xff", "application/octet-stream")


def as_list(value):
    return value if isinstance(value, list) else [value]


def short(value, limit=40):
    if value is FILE_MARK:
        return "<file>"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…({len(value)} chars)"


# --- Forms out of HTML ------------------------------------------------------------------------------

@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list = field(default_factory=list)  # (name, value) as a browser would send them
    kinds: dict = field(default_factory=dict)  # name -> input type / "select" / "textarea"
    options: dict = field(default_factory=dict)  # select name -> option values

    def data(self, pairs=None):
        """The pairs as the test client wants them: repeated names become lists."""
        out = {}
        for name, value in self.fields if pairs is None else pairs:
            if value is FILE_MARK:
                value = upload()
            if name in out:
                previous = out[name] if isinstance(out[name], list) else [out[name]]
                out[name] = previous + (value if isinstance(value, list) else [value])
            else:
                out[name] = value
        return out


class FormParser(HTMLParser):
    """Every <form> of a page with the values a browser would submit if the user pressed save."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None  # (name, multiple, [options], [selected])
        self._option = None
        self._textarea = None
        self._submitted = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(action=a.get("action") or "", method=(a.get("method") or "get").lower(),
                              multipart="multipart" in (a.get("enctype") or ""))
            self._submitted = False
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form.kinds.setdefault(name, kind)
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "image"):
                if not self._submitted:  # the button the user pressed: the first one
                    self._form.fields.append((name, a.get("value", "")))
                    self._submitted = True
            elif kind == "file":
                pass  # a browser sends an empty file part; the client sends nothing
            elif kind not in ("button", "reset"):
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [], [])
            self._form.kinds.setdefault(name, "select")
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form.kinds.setdefault(name, "textarea")

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, text, selected = self._option
            value = text.strip() if value is None else value
            self._select[2].append(value)
            if selected:
                self._select[3].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options, selected = self._select
            self._form.options[name] = options
            if not selected and options and not multiple:
                selected = options[:1]  # a browser submits the first option when none is selected
            for value in selected if multiple else selected[-1:]:
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops one newline right after <textarea>; html.parser does not.
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_of(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def query_links(html):
    """The ?a=b links of a page (admin list filters, sort headers, pagination) as lists of pairs."""
    return [parse_qsl(href[1:].replace("&amp;", "&"), keep_blank_values=True)
            for href in re.findall(r'href="(\?[^"]*)"', html)]


# --- Mutations of a form ----------------------------------------------------------------------------

FORM_INDEX = re.compile(r"^(.*)-(\d+)-(.*)$")


def field_pattern(name):
    """indicator_set-3-name -> indicator_set-N-name: fuzzing one row of an inline stands for all."""
    m = FORM_INDEX.match(name)
    return f"{m[1]}-N-{m[3]}" if m else name


def fuzz_targets(form):
    """One field per pattern: the main form's fields, row 0 of every inline, the management forms."""
    seen, targets = set(), []
    for name, _ in form.fields:
        pattern = field_pattern(name)
        if "__prefix__" in name or name == "csrfmiddlewaretoken" or pattern in seen:
            continue
        seen.add(pattern)
        targets.append(name)
    for name, kind in form.kinds.items():  # file inputs and unchecked boxes are not in fields
        if name not in seen and "__prefix__" not in name and kind in ("file", "checkbox"):
            seen.add(name)
            targets.append(name)
    return targets


def replace(pairs, name, value):
    """Pairs with every value of `name` replaced by `value` (added when the form did not send it)."""
    out = [(n, v) for n, v in pairs if n != name]
    if isinstance(value, list):
        out += [(name, v) for v in value]
    else:
        out.append((name, value))
    return out


MISSING, DUPLICATED = object(), object()
POOL = HOSTILE + [LIST_VALUE, FILE_MARK, MISSING, DUPLICATED]


def mutate(pairs, name, value):
    if value is MISSING:
        return [(n, v) for n, v in pairs if n != name]
    if value is DUPLICATED:
        return pairs + [(name, "abc")]
    return replace(pairs, name, value)


def describe(name, value):
    if value is MISSING:
        return f"{name} missing"
    if value is DUPLICATED:
        return f"{name} sent twice"
    return f"{name}={short(value)}"


ALWAYS = ["abc", "ab\x00cd", HUGE, LIST_VALUE, "9223372036854775808", "²"]
# The short list, for a second user on the same forms.
FEW = ["abc", "ab\x00cd", "9223372036854775808", HUGE, LIST_VALUE, "-1", "１４８２．９", "1e309"]
# For query strings, where NUL and long values are refused before any view runs.
FEW_QUERY = ["abc", "9223372036854775808", "²", LIST_VALUE]


def mutations(form, rng, per_field=1, every_field=None, formsets=True):
    """(description, pairs): the hostile versions of a form's submission, deterministic for an rng.

    Every hostile value goes into every field at once (field-level cleaning), and each field alone
    gets `per_field` values drawn from the pool with the rest of the form valid (form-level clean,
    saving). Then the formsets' management forms and rows are tampered with.
    """
    base = form.fields
    targets = fuzz_targets(form)
    yield "unchanged", base
    editable = [n for n in targets if not n.endswith(MANAGEMENT)]
    if every_field is None:  # the values that broke things before, and a rotating eighth of the rest
        every_field = ALWAYS + rng.sample([v for v in HOSTILE if v not in ALWAYS], 4)
    for value in every_field:
        pairs = base
        for name in editable:
            pairs = replace(pairs, name, value)
        yield f"every field={short(value)}", pairs
    # Each field alone, on a submission whose empty selects are set to their first real option:
    # a bad id matters most beside a chosen action (the admin's changelist) or a chosen parent.
    chosen = [(n, v or next((o for o in form.options.get(n, []) if o), v)) for n, v in base]
    for name in editable:
        for value in rng.sample(POOL, per_field):
            yield describe(name, value), mutate(chosen, name, value)
    if formsets:
        yield from management_mutations(form)


MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def management_mutations(form):
    """Tampered formset management forms, and rows copied onto or swapped with each other."""
    values = dict(form.fields)
    prefixes = [n[: -len("-TOTAL_FORMS")] for n in values if n.endswith("-TOTAL_FORMS")]
    for prefix in prefixes:
        total, initial = f"{prefix}-TOTAL_FORMS", f"{prefix}-INITIAL_FORMS"
        count = int(values[total])
        # (Not thousands of rows: Django builds up to 2000 forms for those, slowly but without an error.)
        for name, value in [(total, "-1"), (total, str(count + 5)), (total, "１"), (total, "abc"), (initial, "-1"),
                            (initial, str(count + 3)), (initial, "abc"), (f"{prefix}-MAX_NUM_FORMS", "-1")]:
            yield f"{name}={value}", replace(form.fields, name, value)
        yield f"{prefix} management form missing", [
            (n, v) for n, v in form.fields if not (n.startswith(prefix + "-") and n.endswith(MANAGEMENT))]
        yield f"{total} sent twice", form.fields + [(total, "0")]
        rows = [[(n, v) for n, v in form.fields if n.startswith(f"{prefix}-{i}-")] for i in range(min(count, 2))]
        if not rows:
            continue

        def content(i, as_row, prefix=prefix, rows=rows):
            # Row i's values (not its id or parent key) under row `as_row`'s names.
            return [(n.replace(f"{prefix}-{i}-", f"{prefix}-{as_row}-"), v) for n, v in rows[i]
                    if not n.endswith(("-id", "-DELETE"))]

        def without(*indexes, prefix=prefix):
            return [(n, v) for n, v in form.fields
                    if not any(n.startswith(f"{prefix}-{i}-") and not n.endswith("-id") for i in indexes)]

        # A new row copying row 0 (its 行号 too); row 1 := row 0; rows 0 and 1 swapped (renumbering).
        yield f"{prefix}: new row copying row 0", replace(form.fields, total, str(count + 1)) + content(0, count)
        if len(rows) == 2:
            yield f"{prefix}: row 1 := row 0", without(1) + content(0, 1)
            yield f"{prefix}: rows 0 and 1 swapped", without(0, 1) + content(0, 1) + content(1, 0)
        for value in ("abc", "-1", "9223372036854775808"):
            yield f"{prefix}: row 0 id={value}", replace(form.fields, f"{prefix}-0-id", value)


# --- URLs -------------------------------------------------------------------------------------------

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def url_templates(resolver=None, prefix=""):
    """(template, name) for every route, e.g. ("admin/budgets/filing/<path:object_id>/change/", ...).

    Regex routes (the admin's app index) are left out: they are listed from the admin registry.
    """
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p.pattern, RegexPattern):
            continue
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from url_templates(p, route)
        elif isinstance(p, URLPattern):
            yield route, p.name


def fill(template, values):
    """Concrete URLs for a template: each parameter replaced by each of its candidate values."""
    params = PARAM.findall(template)
    if not params:
        return ["/" + template]
    urls = []
    for candidate in values:
        url = template
        for converter, _name in params:
            value = candidate if converter in ("path", "str", "") or str(candidate).lstrip("-").isdigit() else "0"
            url = PARAM.sub(str(value), url, count=1)
        urls.append("/" + url)
    return urls


def model_of(template):
    """The admin model class a template like admin/budgets/filing/… belongs to, if any."""
    for model in admin.site._registry:
        if template.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


# --- Sending and recording --------------------------------------------------------------------------

TRACE = os.environ.get("FUZZ_TRACE")  # a file to append one line per request to: timing the fuzz


@dataclass
class Failure:
    who: str
    method: str
    url: str
    what: str
    status: int
    error: str

    def __str__(self):
        return f"{self.who:>11} {self.method} {self.url}  [{self.what}] -> {self.status} {self.error}"


class Fuzzer:
    """Sends requests as one user, rolls each one back, and keeps every 5xx or exception."""

    def __init__(self, client, who):
        self.client = client
        self.client.raise_request_exception = False
        self.who = who
        self.failures = []
        self.sent = 0

    def send(self, method, url, data=None, what="", keep=False):
        """One request in a savepoint, rolled back unless `keep` (and never kept after a failure)."""
        self.sent += 1
        failure = None
        started = time.monotonic()
        with transaction.atomic():
            try:
                response = getattr(self.client, method)(url, data or {})
            except Exception as exc:  # the client only raises for errors outside the view
                response, failure = None, (0, _summary(exc))
            else:
                if response.status_code >= 500:
                    exc_info = getattr(response, "exc_info", None)
                    failure = (response.status_code, _summary(exc_info[1]) if exc_info
                               else response.content.decode(errors="replace")[:200])
            if failure or not keep:
                transaction.set_rollback(True)
        if failure:
            self.failures.append(Failure(self.who, method.upper(), url, what, *failure))
        if TRACE:
            with open(TRACE, "a") as trace:
                status = failure[0] if failure else response.status_code
                trace.write(f"{time.monotonic() - started:.3f} {self.who} {method} {status} {url[:90]} {what[:60]}\n")
        return response


def _summary(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/site-packages/" not in f.filename]
    where = f" at {ours[-1].filename.rsplit('/', 2)[-2:]}:{ours[-1].lineno}" if ours else ""
    return f"{type(exc).__name__}: {str(exc)[:160]}{where}"


def with_query(url, pairs):
    base = urlsplit(url)
    return f"{base.path}?{urlencode(pairs)}"


def seeded(name):
    return random.Random(f"jixiao-fuzz-{name}")
