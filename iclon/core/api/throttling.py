"""The API's throttles (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"])."""

from rest_framework.throttling import UserRateThrottle


class SignedInRateThrottle(UserRateThrottle):
    """DRF's per-user throttle (scope "user", API_THROTTLE_USER), for signed-in clients only.

    DRF's own also counts anonymous clients, by address, next to AnonRateThrottle, which holds them
    at its lower rate anyway: two counters in the shared cache, four round trips to Redis, for a
    limit that never binds. An anonymous client is counted once, by AnonRateThrottle."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # not throttled here: AnonRateThrottle counts it
        return super().get_cache_key(request, view)
