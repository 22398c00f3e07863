"""Base classes of the API's views: the tenancy scope for token-authenticated requests."""

from django_filters.rest_framework import DjangoFilterBackend
from django_scopes import scope
from rest_framework import filters, viewsets

from iclon.core.api.filters import SearchFilter
from iclon.core.api.schema import AutoSchema
from iclon.core.tenancy import visible_school_ids


class TenantScopedMixin:
    """Run the view inside the scope of the *authenticated API user*.

    TenancyMiddleware runs before DRF has authenticated a token, so for token requests it has
    activated the anonymous scope. Once DRF has authenticated (in `initial`), this re-enters the
    scope for the real user; `finalize_response` leaves it again."""

    # Documents the error responses too (settings.REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS may name
    # it as well; set here, every view of the API has it whatever the settings say).
    schema = AutoSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._tenant_scope = scope(school=visible_school_ids(request.user))
        self._tenant_scope.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        tenant_scope = getattr(self, "_tenant_scope", None)
        if tenant_scope is not None:
            self._tenant_scope = None
            tenant_scope.__exit__(None, None, None)
        return super().finalize_response(request, response, *args, **kwargs)


# As settings.REST_FRAMEWORK's DEFAULT_FILTER_BACKENDS, with the bounded search.
FILTER_BACKENDS = [DjangoFilterBackend, SearchFilter, filters.OrderingFilter]


class ReadOnlyViewSet(TenantScopedMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = FILTER_BACKENDS


class ModelViewSet(TenantScopedMixin, viewsets.ModelViewSet):
    filter_backends = FILTER_BACKENDS
