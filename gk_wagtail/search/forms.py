"""The citizen search form: a plain GET form whose every parameter is checked before the search runs.

A value no link of the site could carry (a number in other digits or past the bounds, an unknown
type, validity or sort, a site outside a portal) makes the request a bad one (400). The query text itself is free: control
characters are dropped and it is cut to MAX_QUERY_LENGTH, so any text searches.
"""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from gk_wagtail.formats.metadata import Validity
from gk_wagtail.page_types.columns import MAX_ID, MAX_YEAR, MIN_YEAR, PlainIntegerField, page_field
from gk_wagtail.search.citizen import SORT_LABELS, SORTS, Criteria, result_models, type_code
from gk_wagtail.search.segmentation import MAX_QUERY_LENGTH


class QueryTextField(forms.CharField):
    """Free text: control characters (NUL among them) become spaces, and the text is cut to MAX_QUERY_LENGTH."""

    def to_python(self, value):
        text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(value or ""))
        return super().to_python(text[:MAX_QUERY_LENGTH])


class SearchForm(forms.Form):
    q = QueryTextField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    organ = PlainIntegerField(label=_("Issuing organization"), required=False, min_value=1, max_value=MAX_ID)
    theme = PlainIntegerField(label=_("Theme"), required=False, min_value=1, max_value=MAX_ID)
    year = PlainIntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    validity = forms.ChoiceField(label=_("Validity"), required=False, choices=[("", _("Any"))] + Validity.choices)
    site = PlainIntegerField(label=_("Site"), required=False, min_value=1, max_value=MAX_ID)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORT_LABELS.items()))
    page = page_field()
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("", "HTML"), ("json", "JSON")])

    def __init__(self, data, portal=False, **kwargs):
        """``portal``: the search covers every site, so a ``site`` filter is valid."""
        super().__init__(data, **kwargs)
        self.fields["type"].choices = [("", _("Any"))] + [
            (type_code(model), model._meta.verbose_name) for model in result_models()
        ]
        self.portal = portal

    def clean_site(self):
        site = self.cleaned_data["site"]
        if site is not None and not self.portal:
            raise forms.ValidationError(_("This site's search covers only this site."), code="not_a_portal")
        return site

    def criteria(self):
        """What was asked; call only once the form is valid."""
        values = {
            name: value for name, value in self.cleaned_data.items() if name != "format" and value not in (None, "")
        }
        values.setdefault("q", "")
        if values.get("sort") not in SORTS:
            values.pop("sort", None)
        return Criteria(**values)
