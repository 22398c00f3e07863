"""Staff groups and the model permissions each one holds.

The first groups were created by a data migration (0002_staff_groups); every group, later ones
included, is also made by `sync_group_permissions` after each migrate (get_or_create), so a new
group needs no data migration of its own. Their permissions are
declared by each app on its AppConfig as `group_permissions = {group_key: ["app.codename", ...]}`
and synchronised after every `migrate`, because an app's permissions exist only once that app has
been migrated. The administrator group holds every permission.
"""

from django.apps import apps as global_apps
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class StaffGroup(TextChoices):
    # The value is the Group.name stored in the database; the label is what people read.
    INTAKE_OFFICER = "Intake officers", _("Intake officers")
    PROGRAMME_COORDINATOR = "Programme coordinators", _("Programme coordinators")
    PLACEMENT_COORDINATOR = "Placement coordinators", _("Placement coordinators")
    PROFESSIONALISATION_COORDINATOR = (
        "Professionalisation coordinators",
        _("Professionalisation coordinators"),
    )
    RESEARCH_STAFF = "Research staff", _("Research staff")
    # Study progress (programmes/progress): advisers follow every trainee's plan; teacher educators
    # record their modules' results. Created by sync_group_permissions like every group after 0002.
    STUDY_ADVISER = "Study advisers", _("Study advisers")
    TEACHER_EDUCATOR = "Teacher educators", _("Teacher educators")
    ADMINISTRATOR = "Administrators", _("Administrators")


# Keys apps use in `group_permissions`, mapped to the group names.
GROUP_KEYS = {
    "intake_officer": StaffGroup.INTAKE_OFFICER,
    "programme_coordinator": StaffGroup.PROGRAMME_COORDINATOR,
    "placement_coordinator": StaffGroup.PLACEMENT_COORDINATOR,
    "professionalisation_coordinator": StaffGroup.PROFESSIONALISATION_COORDINATOR,
    "research_staff": StaffGroup.RESEARCH_STAFF,
    "study_adviser": StaffGroup.STUDY_ADVISER,
    "teacher_educator": StaffGroup.TEACHER_EDUCATOR,
    "administrator": StaffGroup.ADMINISTRATOR,
}


def declared_group_permissions(app_configs=None) -> dict[str, set[str]]:
    """{group name: {"app_label.codename", ...}} as declared by the installed apps."""
    declared: dict[str, set[str]] = {str(name): set() for name in StaffGroup.values}
    for config in app_configs or global_apps.get_app_configs():
        for key, perms in getattr(config, "group_permissions", {}).items():
            declared[str(GROUP_KEYS[key])].update(perms)
    return declared


def sync_group_permissions(sender=None, using="default", **kwargs):
    """Give each staff group exactly its declared permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    # post_migrate is sent once per app, and an app's permissions exist only after its own
    # signal, so this runs every time; it is a handful of queries and changes nothing twice.
    all_permissions = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for name, wanted in declared_group_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        if name == StaffGroup.ADMINISTRATOR:
            ids = set(all_permissions.values())
        else:
            ids = {all_permissions[p] for p in wanted if p in all_permissions}
        current = set(group.permissions.values_list("pk", flat=True))
        if current != ids:
            group.permissions.set(ids)


def staff_may(user, perm: str) -> bool:
    """Whether `user` is active ICLON staff holding `perm` (through a staff group or directly)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm))


def staff_group_names(user) -> list[str]:
    """The staff groups of `user`, as translated labels, using the prefetched groups."""
    labels = dict(StaffGroup.choices)
    return [str(labels[g.name]) for g in user.groups.all() if g.name in labels]
