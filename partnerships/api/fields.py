"""A school in the API's input (by its vestigingscode, as everywhere in the API) and, briefly, in its output."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerships.models import School

CODE_LENGTH = 6
#: The largest id the database holds (bigint).
MAX_ID = 2**63 - 1


@extend_schema_field({"oneOf": [{"type": "string", "minLength": 6, "maxLength": 6}, {"type": "integer", "minimum": 1}]})
class SchoolCodeField(serializers.Field):
    """A school given by its vestigingscode, BRIN code and branch number as `/api/v1/schools/` lists
    it (a string, e.g. `"02EA03"`, any case), or by its id (a number, as other resources show it).
    Reads as the code; validates to the School."""

    default_error_messages = {
        "invalid": _("Give the school's vestigingscode (e.g. 02EA03) or its id."),
        "unknown_code": _("There is no school with the code {code}."),
        "unknown_id": _("There is no school with this id."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The school's vestigingscode (e.g. 02EA03) or its id."))
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> School:
        if isinstance(data, int) and not isinstance(data, bool):
            school = School.objects.filter(pk=data).first() if 1 <= data <= MAX_ID else None
            if school is None:
                self.fail("unknown_id")
            return school
        if not isinstance(data, str) or len(data.strip()) != CODE_LENGTH:
            self.fail("invalid")
        code = data.strip().upper()
        school = School.objects.filter(brin_code=code[:4], branch_number=code[4:]).first()
        if school is None:
            self.fail("unknown_code", code=code)
        return school

    def to_representation(self, value: School) -> str:
        return value.code


class SchoolBriefSerializer(serializers.ModelSerializer):
    """A school inside another resource: its id, name and vestigingscode."""

    code = serializers.CharField(read_only=True, help_text=_("DUO's branch code: BRIN code and branch number."))

    class Meta:
        model = School
        fields = ["id", "name", "code"]
