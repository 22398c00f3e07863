"""The export of placements (CSV and XLSX), used by the staff overview and the admin.

It holds what a coordinator's spreadsheet needs and no more: the trainee by reference (the
admin finds the person), not by name, address or e-mail. A file leaves the portal, where neither
the permission checks nor the anonymisation after the retention period reach it."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from programmes.placements.models import Placement


class PlacementResource(resources.ModelResource):
    trainee = fields.Field(column_name=_("trainee reference"))
    school = fields.Field(column_name=_("school"))
    brin = fields.Field(column_name=_("school code"))
    subject = fields.Field(column_name=_("school subject"))
    period = fields.Field(column_name=_("period"))
    kind = fields.Field(column_name=_("kind"))
    status = fields.Field(column_name=_("status"))
    mentor = fields.Field(column_name=_("workplace mentor"))

    class Meta:
        model = Placement
        fields = ("trainee", "school", "brin", "subject", "period", "kind", "status", "mentor")
        export_order = fields

    def dehydrate_trainee(self, placement):
        return placement.trainee.reference

    def dehydrate_school(self, placement):
        return placement.school.name

    def dehydrate_brin(self, placement):
        return placement.school.code

    def dehydrate_subject(self, placement):
        subject = placement.trainee.subject
        return subject.name if subject else str(_("primary education"))

    def dehydrate_period(self, placement):
        return str(placement.period)

    def dehydrate_kind(self, placement):
        return str(placement.get_kind_display())

    def dehydrate_status(self, placement):
        return str(placement.get_status_display())

    def dehydrate_mentor(self, placement):
        mentor = placement.workplace_mentor
        return (mentor.full_name or mentor.email) if mentor else ""
