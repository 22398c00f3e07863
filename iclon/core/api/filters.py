"""Filter backends of the API."""

from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

MAX_SEARCH_TERMS = 10


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
