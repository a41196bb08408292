"""The citizen search form: a plain GET form whose bad values are ignored, never an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..page_types.document import Validity
from .citizen import SORTS, Criteria, result_models, type_code
from .segmentation import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    organ = forms.IntegerField(label=_("Issuing organization"), required=False, min_value=1)
    theme = forms.IntegerField(label=_("Theme"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1, max_value=9999)
    validity = forms.ChoiceField(label=_("Validity"), required=False, choices=[("", _("Any"))] + Validity.choices)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["type"].choices = [("", _("Any"))] + [(type_code(model), model._meta.verbose_name) for model in result_models()]

    def criteria(self):
        """What was asked, leaving out any value that is not valid."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        values["q"] = values.get("q", "")[:MAX_QUERY_LENGTH]
        if values.get("sort") not in SORTS:
            values.pop("sort", None)
        return Criteria(**values)
