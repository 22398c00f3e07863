"""Who may do what in outreach, part by part (permissions/visits.py, permissions/pal.py hold their
predicates and their staff groups' permissions); GROUP_PERMISSIONS gathers the parts' for
iclon.accounts.roles."""

GROUP_PERMISSIONS: dict[str, list[str]] = {}


def _gather(*parts: dict[str, list[str]]) -> None:
    for part in parts:
        for group, permissions in part.items():
            GROUP_PERMISSIONS.setdefault(group, []).extend(permissions)


from professionalisation.outreach.permissions import orientation, pal, visits  # noqa: E402

_gather(visits.GROUP_PERMISSIONS, pal.GROUP_PERMISSIONS, orientation.GROUP_PERMISSIONS)
