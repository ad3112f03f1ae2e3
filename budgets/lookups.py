"""`id__in=[…]` with ids no integer column can hold, or text that is no integer, matches nothing.

Django (since 5.0) turns an out-of-range `exact`/`gt`/`lt` on an integer field into an empty
result, but not `in`: a tampered form posting 9223372036854775808 as a choice reached the database
driver (SQLite: OverflowError, a 500), and the admin's actions look the posted ids up with
`pk__in=request.POST.getlist(…)` unchecked (`_selected_action=abc`: ValueError, a 500).
Model(Multiple)ChoiceField, the admin's autocomplete and its actions all look posted ids up with
`__in`, so the fix belongs in the lookup. Only strings are dropped: a string among the values can
only have come from a request, while a wrong type passed by our own code still raises.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and not isinstance(self.rhs, str):
            self.rhs = [v for v in self.rhs if not isinstance(v, str) or _is_integer(v)]
        return super().get_prep_lookup()

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [v for v in self.rhs if not isinstance(v, int)
                        or ((low is None or v >= low) and (high is None or v <= high))]
        return super().process_rhs(compiler, connection)


def _is_integer(text):
    try:
        int(text)
    except ValueError:
        return False
    return True
