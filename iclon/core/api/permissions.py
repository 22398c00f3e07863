from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class ScopedReadStaffWrite(permissions.DjangoModelPermissions):
    """Signed-in users read what the tenancy rule lets them see; staff with the model permission
    write. (Unscoped rows are never reached: the queryset is scoped before this is asked.)"""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": [], "HEAD": [], "OPTIONS": []}

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_staff and super().has_permission(request, view))
