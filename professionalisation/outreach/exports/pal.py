"""The payroll export of confirmed PAL hours (CSV and XLSX), used by the selectors' payroll export,
the API and the admin. It names the students and their e-mail addresses, as the region's payroll
needs; only coordinators may make it (selectors/pal.py `payroll_export`), and a text cell never
starts a spreadsheet formula."""

from django.utils.translation import gettext_lazy
from import_export import fields, resources

from professionalisation.outreach.models.pal import PalHours


def _cell(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class PalHoursPayrollResource(resources.ModelResource):
    """One line per confirmed week: what the region's payroll needs to pay the student."""

    region = fields.Field(column_name=gettext_lazy("education region"))
    school = fields.Field(column_name=gettext_lazy("school"))
    brin = fields.Field(column_name=gettext_lazy("school code"))
    student = fields.Field(column_name=gettext_lazy("student"))
    email = fields.Field(column_name=gettext_lazy("e-mail"))
    week = fields.Field(column_name=gettext_lazy("week"))
    monday = fields.Field(column_name=gettext_lazy("week from"))
    hours = fields.Field(column_name=gettext_lazy("hours"))
    confirmed_by = fields.Field(column_name=gettext_lazy("confirmed by"))
    confirmed_at = fields.Field(column_name=gettext_lazy("confirmed on"))

    class Meta:
        model = PalHours
        fields = (
            "region",
            "school",
            "brin",
            "student",
            "email",
            "week",
            "monday",
            "hours",
            "confirmed_by",
            "confirmed_at",
        )
        export_order = fields

    def dehydrate_region(self, row):
        return _cell(row.assignment.request.region.name)

    def dehydrate_school(self, row):
        return _cell(row.assignment.request.school.name)

    def dehydrate_brin(self, row):
        return row.assignment.request.school.code

    def dehydrate_student(self, row):
        return _cell(row.assignment.student.user.full_name)

    def dehydrate_email(self, row):
        return _cell(row.assignment.student.user.email)

    def dehydrate_week(self, row):
        return f"{row.year}-W{row.week:02d}"

    def dehydrate_monday(self, row):
        return row.monday.isoformat()

    def dehydrate_hours(self, row):
        return f"{row.hours:.2f}"

    def dehydrate_confirmed_by(self, row):
        person = row.confirmed_by
        return _cell((person.full_name or person.email) if person else "")

    def dehydrate_confirmed_at(self, row):
        return row.confirmed_at.date().isoformat() if row.confirmed_at else ""
