import django_filters
from django.utils.translation import gettext_lazy as _

from partnerships.models import School, SchoolMembership, SchoolRole, TrainingSchoolPartnership


class SchoolFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__slug", max_length=120, help_text=_("Region slug."))
    board = django_filters.CharFilter(field_name="board__number", max_length=8, help_text=_("Board number."))
    partnership = django_filters.CharFilter(
        field_name="partnership__slug", max_length=200, help_text=_("Training-school partnership slug.")
    )
    municipality_code = django_filters.CharFilter(max_length=4)
    brin_code = django_filters.CharFilter(max_length=4)
    sector = django_filters.ChoiceFilter(
        choices=[("po", "PO"), ("vo", "VO"), ("mbo", "MBO")], method="filter_sector", help_text=_("Sector.")
    )
    onz_member = django_filters.BooleanFilter()

    class Meta:
        model = School
        fields = ["region", "board", "partnership", "municipality_code", "brin_code", "sector", "onz_member"]

    def filter_sector(self, queryset, name, value):
        return queryset.filter(**{f"offers_{value}": True})


class PartnershipFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__slug", max_length=120)

    class Meta:
        model = TrainingSchoolPartnership
        fields = ["region"]


class SchoolMembershipFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", max_length=6, help_text=_("School code, e.g. 02EA03."))
    role = django_filters.ChoiceFilter(choices=SchoolRole.choices)
    active = django_filters.BooleanFilter(method="filter_active", help_text=_("Only memberships active today."))

    class Meta:
        model = SchoolMembership
        fields = ["school", "role", "active"]

    def filter_school(self, queryset, name, value):
        value = value.upper()
        return queryset.filter(school__brin_code=value[:4], school__branch_number=value[4:6])

    def filter_active(self, queryset, name, value):
        active = queryset.active()
        return active if value else queryset.exclude(pk__in=active.values("pk"))
