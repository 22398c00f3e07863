"""Filter backends of the API."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

MAX_SEARCH_TERMS = 10
# The largest id a PostgreSQL integer primary key holds.
MAX_ID = 2**31 - 1


class SearchFilter(filters.SearchFilter):
    """DRF's search, with at most MAX_SEARCH_TERMS terms.

    Each term adds a LIKE per search field; a query string of hundreds of one-letter terms
    (well within RejectBadInputMiddleware's length limit) would make one request cost seconds of
    database time."""

    def get_search_terms(self, request):
        terms = super().get_search_terms(request)
        if len(terms) > MAX_SEARCH_TERMS:
            raise ValidationError(
                {self.search_param: [_("Search with at most %(count)d words.") % {"count": MAX_SEARCH_TERMS}]}
            )
        return terms


class IdField(forms.IntegerField):
    """A row's id in a query string: a whole number the database can hold (1 to 2**31 - 1), so that
    `?school=1e80` is a 400 with the field's error, not an overflow in the database (a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter on a foreign key's id, validated by IdField."""

    field_class = IdField
