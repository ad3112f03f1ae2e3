"""The fast path of an unchanged re-import: the same bytes onto unchanged data answer 无变化 at once.

To find that nothing changed, the full path reads, types and compares every cell: most of a first
import's time (benchmarks/import_bench.py measured 0.73×, most of it reading 绩效指标's XML). But a
successful import leaves the database holding what the file says. So after each one, take() records
in its batch's summary the digest of the file's bytes, the scope of what an import of it reads (its
districts and departments, its filings and every other filing of those departments in those years,
their rows, the frameworks and layouts), a digest of every row in that scope, and the counts. When
the same bytes come again, find() computes the digest of the same scope: equal, nothing the import
reads has changed since, and the answer is the recorded one, every row 无变化, without opening the
file. A filing edited online (its rows, its revision), deleted or added, a department renamed or
moved, a tier renamed: each changes a row in scope, and the import takes the full path.
"""

import hashlib

from django.db import connection
from django.db.models import Q

from budgets.models import (
    Department,
    District,
    Filing,
    FormField,
    ImportBatch,
    Indicator,
    KeyTask,
    ProjectCost,
    ProjectForm,
    ProjectFunding,
    ProjectMoney,
    ProjectSheet,
    ProjectStage,
    SubItem,
)
from indicators.models import FormLayout, Framework, Level1, Level2, TierAlias

from .format import SHEETS
from .plan_types import chunks

# Bump when what an import makes of the same bytes changes (parsing, planning): older records then
# no longer match and the next import of each file takes the full path once.
VERSION = 1
CANDIDATES = 3  # the latest imports of the same bytes looked at


def files_digest(files):
    """One xlsx or zip: the SHA-256 of its bytes (the batch's sha256). CSV files: names too, as a
    CSV file's name says which table it is."""
    if len(files) == 1 and not files[0][0].lower().endswith(".csv"):
        return hashlib.sha256(files[0][1]).hexdigest()
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)
    return "files-" + digest.hexdigest()


def _format_digest():
    """The import format's sheets and columns: a format change also ends every recorded match."""
    text = repr([(sheet, [(c.header, c.field) for c in columns]) for sheet, columns in SHEETS.items()])
    return hashlib.sha256(f"{VERSION}:{text}".encode()).hexdigest()[:16]


def _scoped(scope):
    """The querysets of every row an import of the file reads, in a fixed order."""
    departments = scope["departments"]
    filing_ids = list(Filing.objects.filter(department_id__in=departments, year__in=scope["years"])
                      .order_by("pk").values_list("pk", flat=True))
    yield District.objects.filter(pk__in=scope["districts"])
    # All departments of those districts: a name taken by another one is a refusal on the full path.
    yield Department.objects.filter(district_id__in=scope["districts"])
    for id_chunk in chunks(filing_ids, 2000):
        yield Filing.objects.filter(pk__in=id_chunk)
        for model, path in ((KeyTask, "filing_id"), (SubItem, "filing_id"), (FormField, "filing_id"),
                            (Indicator, "filing_id"), (ProjectForm, "filing_id"),
                            (ProjectSheet, "sub_item__filing_id"), (ProjectFunding, "sheet__sub_item__filing_id"),
                            (ProjectMoney, "form__filing_id"), (ProjectCost, "form__filing_id"),
                            (ProjectStage, "form__filing_id")):
            yield model.objects.filter(Q(**{f"{path}__in": id_chunk}))
    for model in (Framework, Level1, Level2, TierAlias, FormLayout):
        yield model.objects.all()


def state_digest(scope):
    """A digest of every column of every row in scope, and of how many rows there are."""
    digest = hashlib.blake2b(digest_size=20)
    for queryset in _scoped(scope):
        digest.update(f"{queryset.model._meta.label}:{_rows_digest(queryset)};".encode())
    return digest.hexdigest()


def _rows_digest(queryset):
    """The rows' count and a digest of all their columns in primary-key order.

    On PostgreSQL the database digests its own rows as text (md5 of each, then of them all): the
    150,000 绩效指标 rows of the benchmark never travel to Python, which cost a few seconds per import.
    """
    model = queryset.model
    columns = [f.attname for f in model._meta.concrete_fields]
    if connection.vendor == "postgresql":
        sql, params = queryset.order_by().values_list(*columns).query.sql_with_params()
        aliases = ", ".join(f"c{i}" for i in range(len(columns)))
        pk = f"c{columns.index(model._meta.pk.attname)}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), md5(string_agg(md5(s::text), '' ORDER BY s.{pk})) "
                           f"FROM ({sql}) AS s({aliases})", params)
            count, rows = cursor.fetchone()
        return f"{count}:{rows}"
    digest = hashlib.blake2b(digest_size=20)
    count = 0
    for row in queryset.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        digest.update(repr(row).encode())
        count += 1
    return f"{count}:{digest.hexdigest()}"


def take(files_key, filings, department_codes, counts):
    """The record of a successful import: filings are its named filings in file order (Filing objects)."""
    departments = dict(Department.objects.filter(code__in=department_codes).values_list("pk", "district_id"))
    scope = {"districts": sorted(set(departments.values())), "departments": sorted(departments),
             "years": sorted({f.year for f in filings})}
    return {
        "files": files_key, "format": _format_digest(), "scope": scope, "state": state_digest(scope),
        "filings": [f.pk for f in filings],
        # What the same file finds on this data: every row it has, unchanged.
        "counts": {sheet: sum(c.get(k, 0) for k in ("new", "updated", "unchanged")) for sheet, c in counts.items()},
    }


def find(files_key, allowed_district_ids):
    """The record of an earlier import of the same bytes whose scope is unchanged since, or None."""
    batches = (ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED, summary__snapshot__files=files_key)
               .order_by("-imported_at", "-pk").values_list("summary", flat=True)[:CANDIDATES])
    digests = {}
    for summary in batches:
        record = summary.get("snapshot") or {}
        if record.get("format") != _format_digest():
            continue
        scope = record["scope"]
        if allowed_district_ids is not None and not set(scope["districts"]) <= set(allowed_district_ids):
            continue  # this user may not import into all of it: the full path says so, row by row
        key = repr(scope)
        if key not in digests:
            digests[key] = state_digest(scope)
        if digests[key] == record["state"]:
            return record
    return None


def unchanged_outcomes(record):
    """(label, "unchanged") of each filing the file names, in file order, as the full path labels them."""
    filings = Filing.objects.select_related("department").in_bulk(record["filings"])
    return [(str(filings[pk]), "unchanged") for pk in record["filings"]]
