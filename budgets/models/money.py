"""Money is Decimal in 万元 everywhere, stored with 6 decimal places (some provinces ask for 6).

A blank cell (None) and 0 are different things on a form and are kept apart.

An amount prints with the decimals it was filled in with: 1234.5670 stays 1234.5670, 1482.9 stays
1482.9. The database keeps six places, so each row with amounts (MoneyPlaces) also keeps how many
places each amount was typed with (money_places, {field: places}), read off the typed Decimal when
the row is written (a parsed 「1234.5670」 is Decimal("1234.5670"), exponent -4). Loaded rows hand
out their amounts as TypedAmount, which format_money prints exactly as typed.
"""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import models

MONEY_PLACES = 6
MONEY_DIGITS = 18


class AmountError(ValueError):
    """An amount (or another number typed into a number cell) that cannot be read; the message is
    Chinese and shown to the user as is."""


# The one reading of a typed number, for every way an amount comes in: the entry screens, the admin,
# the prior-year workbook, the reference-data imports and the demo packet. Offices type full-width
# digits and separators (「１，４８２．９」), so those read as their ASCII twins; nothing else does.
# Unicode's other digit-likes (「10²」, 「①」, 「Ⅻ」, Arabic-Indic digits) are refused rather than read
# through NFKC, which would turn 10² into 102 and ① into 1 without a word.
_WIDE = str.maketrans("０１２３４５６７８９．，＋－−\u3000\u00a0", "0123456789.,+--  ")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_ALLOWED = frozenset("0123456789., +-")


def _read_text(value):
    text = str(value).translate(_WIDE).strip()
    odd = [ch for ch in text if ch not in _ALLOWED]
    digit_likes = "".join(dict.fromkeys(ch for ch in odd if unicodedata.category(ch).startswith("N")))
    if digit_likes:
        raise AmountError(f"「{_short(value)}」不是数字：「{digit_likes[:5]}」不是普通数字，请用 0–9 填写")
    if odd:
        raise AmountError(f"「{_short(value)}」不是数字")
    text = text.replace(" ", "")
    negative = text.startswith("-")
    body = text[1:] if negative or text.startswith("+") else text
    if _THOUSANDS.match(body):
        body = body.replace(",", "")
    if not _NUMBER.match(body):
        raise AmountError(f"「{_short(value)}」不是数字")
    return Decimal(("-" if negative else "") + body)


def _short(value):
    # As the message quotes it: invisible control characters (a NUL) are left out, long text cut.
    text = "".join(ch for ch in str(value) if unicodedata.category(ch) != "Cc")
    return text if len(text) <= 30 else text[:30] + "…"


def parse_amount(value, *, digits=MONEY_DIGITS, places=MONEY_PLACES, negative_ok=False):
    """The Decimal a typed amount means, at the decimals it was typed with (「1234.5670」 keeps four);
    None for a blank. Cells arrive as text, or as Excel's int/float/Decimal.

    Refused with AmountError: words and symbols, more decimals than `places` (unless only zeros),
    more whole digits than the column holds, negatives (unless negative_ok), NaN and infinities."""
    if value is None or (isinstance(value, str) and not value.translate(_WIDE).strip()):
        return None
    if isinstance(value, bool):
        raise AmountError(f"「{value}」不是数字")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: 1482.9, not 1482.90000000000009.
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        number = _read_text(value)
    if not number.is_finite():
        raise AmountError(f"「{_short(value)}」不是数字")
    if number < 0 and not negative_ok:
        raise AmountError(f"金额不能为负数（{_short(value)}）")
    whole, decimals = digits_of(number)
    if decimals > places:
        raise AmountError(f"「{_short(value)}」最多保留{places}位小数")
    if whole > digits - places:
        raise AmountError(f"「{_short(value)}」超出允许范围（整数部分最多{digits - places}位）")
    if places_of(number) > places:
        number = number.quantize(Decimal(1).scaleb(-places))  # only zeros past what the column keeps
    return number


class TypedAmount(Decimal):
    """An amount at the scale it was typed with (Decimal("1234.5670")): printed as it is.

    Arithmetic gives plain Decimals again, so a sum is formatted like any computed figure unless
    it is built with typed_sum()."""

    __slots__ = ()


def digits_of(number):
    """(whole digits, significant decimals) of a finite Decimal, without arithmetic that could
    overflow on a hostile million-digit number: 1234.5670 → (4, 3), 0.001 → (0, 3), 1E+5 → (6, 0)."""
    _, digits, exponent = number.as_tuple()
    digits = "".join(map(str, digits)).lstrip("0")
    if not digits:
        return 0, 0
    if exponent < 0:
        stripped = digits.rstrip("0")
        exponent += len(digits) - len(stripped)
        digits = stripped
    return max(0, len(digits) + exponent), max(0, -exponent)


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


class NumberFormField(forms.DecimalField):
    """A form's number cell read by parse_amount, as entry, import and export read it: the admin's
    amounts, 权重 and 指标值（数值） accept and refuse the same text the entry screens do."""

    def __init__(self, *args, negative_ok=True, hint="", **kwargs):
        self.negative_ok, self.hint = negative_ok, hint
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value, digits=self.max_digits or MONEY_DIGITS,
                                places=self.decimal_places if self.decimal_places is not None else MONEY_PLACES,
                                negative_ok=self.negative_ok)
        except AmountError as e:
            # The hint says what is asked for where the text is no number at all (not when it is one,
            # out of range).
            message = f"{e}，{self.hint}" if self.hint and "不是数字" in str(e) else str(e)
            raise forms.ValidationError(message, code="invalid") from None


class AmountField(models.DecimalField):
    """An amount column: a DecimalField whose forms read text with parse_amount."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NumberFormField, "negative_ok": False, **kwargs})

    def deconstruct(self):
        # Migrations see a plain DecimalField: the class changes only how forms read the text.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


def MoneyField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return AmountField(
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
