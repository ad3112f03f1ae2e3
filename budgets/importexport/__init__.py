"""Bulk import of prior years and Excel/CSV export.

One workbook format (docs/import-format.md), defined once in format.py. Reading (reader.py) turns
xlsx/csv/zip into raw rows; parse.py types and checks them; plan.py compares them with the database
by natural keys; apply.py writes the plan with bulk operations in one transaction; export.py writes
the same format back. service.py is what the admin and the management commands call.
"""
