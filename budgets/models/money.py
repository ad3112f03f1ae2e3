"""Money is Decimal in 万元 everywhere, stored with 6 decimal places (some provinces ask for 6).

A blank cell (None) and 0 are different things on a form and are kept apart.

An amount prints with the decimals it was filled in with: 1234.5670 stays 1234.5670, 1482.9 stays
1482.9. The database keeps six places, so each row with amounts (MoneyPlaces) also keeps how many
places each amount was typed with (money_places, {field: places}), read off the typed Decimal when
the row is written (a parsed 「1234.5670」 is Decimal("1234.5670"), exponent -4). Loaded rows hand
out their amounts as TypedAmount, which format_money prints exactly as typed.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

MONEY_PLACES = 6
MONEY_DIGITS = 18


class TypedAmount(Decimal):
    """An amount at the scale it was typed with (Decimal("1234.5670")): printed as it is.

    Arithmetic gives plain Decimals again, so a sum is formatted like any computed figure unless
    it is built with typed_sum()."""

    __slots__ = ()


def places_of(number):
    """How many decimals a Decimal carries as written: 1234.5670 → 4, 10 → 0, 1E+2 → 0."""
    return max(0, -number.as_tuple().exponent)


def typed(number, places=None):
    """number as a TypedAmount with `places` decimals (None: as few as it needs)."""
    if number is None:
        return None
    number = number if isinstance(number, Decimal) else Decimal(str(number))
    if places is None:
        places = places_of(number.normalize())
    return TypedAmount(number.quantize(Decimal(1).scaleb(-places)))


def typed_sum(values):
    """A 合计 of typed amounts at the most places any of them was typed with (1234.5670 + 10 →
    1244.5670); blank amounts count as nothing, no amount at all is 0."""
    amounts = [v for v in values if v is not None]
    if not amounts:
        return Decimal(0)
    total = sum(amounts, start=Decimal(0))
    if all(isinstance(v, TypedAmount) for v in amounts):
        return typed(total, max(places_of(v) for v in amounts))
    return total


def format_money(value, places=None):
    """An amount as people read and type it: 1482.9, not 1482.900000, 1.4829E+3 or 0E-6.

    A TypedAmount (or an explicit `places`) prints with exactly its decimals: 1234.5670. Anything
    else drops the stored trailing zeros. "" for a blank amount (None), "0" for a computed zero.
    Sums of blank amounts come back as int 0, so ints (and anything Decimal() accepts) are
    formatted the same way.
    """
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        return format(number.quantize(Decimal(1).scaleb(-places)), "f")
    if isinstance(number, TypedAmount):
        return format(number, "f")
    if number.is_zero():
        return "0"
    # normalize() drops the stored trailing zeros; "f" keeps 1E+2 as 100.
    return format(number.normalize(), "f")


def MoneyField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal(0), message="金额不能为负数")],
        **kwargs,
    )


def same_amount(a, b):
    """Equal amounts typed alike: 1234.567 and 1234.5670 differ on a form."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b and places_of(a) == places_of(b)
    return a == b


def money_field_names(model):
    return [f.attname for f in model._meta.concrete_fields
            if isinstance(f, models.DecimalField) and f.decimal_places == MONEY_PLACES]


def remember_places(obj):
    """Record on obj.money_places how many decimals each of its amounts was typed with (from the
    Decimals it holds now); bulk writers call it, save() does it through MoneyPlacesField."""
    places = {}
    for name in money_field_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, Decimal) and value.is_finite():
            places[name] = min(places_of(value), MONEY_PLACES)
    obj.money_places = places
    return places


def with_places(model, objs, fields):
    """bulk_update's field list for `objs`, with money_places refreshed where amounts change
    (bulk_update does not call pre_save)."""
    fields = list(fields)
    if issubclass(model, MoneyPlaces) and set(fields) & set(money_field_names(model)):
        for obj in objs:
            remember_places(obj)
        if "money_places" not in fields:
            fields.append("money_places")
    return fields


class MoneyPlacesField(models.JSONField):
    """{field: places} of a row's amounts as typed, kept up to date on every save and bulk_create."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        return remember_places(model_instance)


class MoneyPlaces(models.Model):
    """A row with amounts that remembers their typed decimals (see the module docstring)."""

    money_places = MoneyPlacesField("金额小数位（按填写）")

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and set(update_fields) & set(money_field_names(type(self))):
            update_fields = [*update_fields, "money_places"]
        super().save(*args, update_fields=update_fields, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        places = instance.__dict__.get("money_places") or {}
        for name in money_field_names(cls):
            value = instance.__dict__.get(name)
            if isinstance(value, Decimal):
                # Rows written before places were kept print as before (without trailing zeros), and
                # so does an amount changed behind the row's back (queryset.update()) to more digits
                # than recorded: places never hide a digit.
                recorded = places.get(name)
                if recorded is not None and value != value.quantize(Decimal(1).scaleb(-recorded)):
                    recorded = None
                instance.__dict__[name] = typed(value, recorded)
        return instance


def non_negative(model_name, *fields):
    """Database guards: an amount is blank or ≥ 0, whatever path wrote it."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{f}__isnull": True}) | models.Q(**{f"{f}__gte": 0}),
            name=f"{model_name}_{f}_non_negative",
            violation_error_message="金额不能为负数。",
        )
        for f in fields
    ]
