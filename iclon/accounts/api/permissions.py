from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from iclon.accounts.roles import staff_may


class ScopedReadStaffWrite(permissions.DjangoModelPermissions):
    """Signed-in users read what the tenancy rule lets them see; active staff holding the model
    permission (`staff_may`) write. (Unscoped rows are never reached: the queryset is scoped before
    this is asked.)"""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": [], "HEAD": [], "OPTIONS": []}

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        queryset = self._queryset(view)
        wanted = self.get_required_permissions(request.method or "", queryset.model)
        return all(staff_may(request.user, perm) for perm in wanted)
