"""Serializers of the programmes API: explicit fields; `name` (and other texts) in the request's
language through the model's Localized attributes, plus `name_nl` and `name_en`."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    Module,
    Pathway,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    StartMoment,
    deadline_today,
)
from programmes.catalogue.route_finder import STEP_KINDS, ConditionCode, SuggestionKind

# The one rule for deadlines lives on the model; the name stays for the API's callers.
today_in_amsterdam = deadline_today


def localized_field(help_text: str = "In the request's language (Accept-Language: nl or en).") -> serializers.Field:
    return serializers.CharField(read_only=True, help_text=help_text)


# --- Small nested shapes -------------------------------------------------------------------------


class ProgrammeRefSerializer(serializers.ModelSerializer):
    name = localized_field()

    class Meta:
        model = Programme
        fields = ["slug", "name"]


class QualificationRefSerializer(serializers.ModelSerializer):
    name = localized_field()
    # A plain string here: the enum is documented once, on Qualification.
    kind = serializers.CharField(read_only=True, help_text="first_degree, second_degree or primary.")

    class Meta:
        model = Qualification
        fields = ["slug", "kind", "name"]


class StartMomentSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField(
        help_text="Whether one can still apply: the deadline (end of that day, Europe/Amsterdam) has not passed."
    )

    class Meta:
        model = StartMoment
        fields = ["starts_on", "application_deadline", "is_open"]

    def get_is_open(self, obj) -> bool:
        return obj.is_open_on(self.context.get("today"))


class ModuleSerializer(serializers.ModelSerializer):
    name = localized_field()
    principles = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the teaching-learning principles the module works with (see /api/v1/principles/).",
    )

    class Meta:
        model = Module
        fields = ["name", "kind", "ec", "order", "principles"]


class PriorEducationRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorEducationRule
        fields = ["prior_education", "outcome"]


#: The currency of every fee in the catalogue (the model keeps euros).
FEE_CURRENCY = "EUR"


class TuitionFeeSerializer(serializers.Serializer):
    """A pathway's tuition fee for one academic year, as staff entered it (Pathway.tuition_fee and
    tuition_fee_year)."""

    amount = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        source="tuition_fee",
        read_only=True,
        help_text='The fee for one academic year, as a decimal string with two decimals (e.g. "2601.00").',
    )
    currency = serializers.SerializerMethodField(
        help_text="The ISO 4217 code of the amount's currency: always EUR (euros)."
    )
    academic_year = serializers.CharField(
        source="tuition_fee_year",
        read_only=True,
        help_text="The academic year the fee is for, written as 2025-2026.",
    )

    @extend_schema_field({"type": "string", "enum": [FEE_CURRENCY]})
    def get_currency(self, obj) -> str:
        return FEE_CURRENCY


class PathwayContactSerializer(serializers.Serializer):
    """Whom to ask about one pathway, as staff entered it; each part may be empty."""

    name = serializers.CharField(
        source="contact_name", read_only=True, help_text="A person or an office; may be empty."
    )
    # A CharField: the address may be empty, which no "format: email" admits.
    email = serializers.CharField(source="contact_email", read_only=True, help_text="An e-mail address; may be empty.")
    phone = serializers.CharField(source="contact_phone", read_only=True, help_text="As written; may be empty.")


# --- Resources -----------------------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A school subject",
            value={
                "slug": "biologie",
                "name": "Biology",
                "name_nl": "Biologie",
                "name_en": "Biology",
                "domain": "beta",
                "is_shortage_subject": False,
                "description": "",
            },
            response_only=True,
        )
    ]
)
class SchoolSubjectSerializer(serializers.ModelSerializer):
    name = localized_field()
    description = localized_field()

    class Meta:
        model = SchoolSubject
        fields = ["slug", "name", "name_nl", "name_en", "domain", "is_shortage_subject", "description"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A qualification",
            value={
                "slug": "eerstegraads",
                "kind": "first_degree",
                "sector": "vo",
                "name": "First-degree qualification",
                "name_nl": "Eerstegraads bevoegdheid",
                "name_en": "First-degree qualification",
                "description": "Teach every year of secondary school.",
                "rank": 3,
            },
            response_only=True,
        )
    ]
)
class QualificationSerializer(serializers.ModelSerializer):
    name = localized_field()
    description = localized_field()

    class Meta:
        model = Qualification
        fields = ["slug", "kind", "sector", "name", "name_nl", "name_en", "description", "rank"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A programme",
            value={
                "slug": "educatieve-module",
                "name": "Educational module",
                "name_nl": "Educatieve module",
                "name_en": "Educational module",
                "description": "30 EC after a bachelor in a school subject.",
                "institution": None,
                "website": "",
                "pathways": ["educatieve-module-voltijd", "educatieve-module-deeltijd"],
            },
            response_only=True,
        )
    ]
)
class ProgrammeSerializer(serializers.ModelSerializer):
    name = localized_field()
    description = localized_field()
    institution = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The partner institution's slug; null for ICLON's own programmes.",
    )
    pathways = serializers.SerializerMethodField(help_text="Slugs of the programme's published pathways.")

    class Meta:
        model = Programme
        fields = ["slug", "name", "name_nl", "name_en", "description", "institution", "website", "pathways"]

    def get_pathways(self, obj) -> list[str]:
        return [pathway.slug for pathway in obj.published_pathways]


_PATHWAY_LIST_EXAMPLE = {
    "slug": "educatieve-module-voltijd",
    "name": "Educational module (full-time)",
    "name_nl": "Educatieve module (voltijd)",
    "name_en": "Educational module (full-time)",
    "summary": "Half a year: half practice at a school, half theory at ICLON (Mondays).",
    "programme": {"slug": "educatieve-module", "name": "Educational module"},
    "qualification": {"slug": "tweedegraads-beperkt", "kind": "second_degree", "name": "Limited second-degree"},
    "sector": "vo",
    "mode": "full_time",
    "ec": 30,
    "duration_months": 6,
    "subjects": ["biologie", "geschiedenis"],
    "requires_teaching_job": False,
    "start_moments": [{"starts_on": "2026-09-01", "application_deadline": "2026-06-01", "is_open": True}],
}


@extend_schema_serializer(
    examples=[OpenApiExample("A pathway", value=_PATHWAY_LIST_EXAMPLE, response_only=True)],
)
class PathwayListSerializer(serializers.ModelSerializer):
    name = localized_field()
    summary = localized_field()
    programme = ProgrammeRefSerializer(read_only=True)
    qualification = QualificationRefSerializer(read_only=True)
    subjects = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the school subjects it is offered for."
    )
    start_moments = StartMomentSerializer(many=True, read_only=True)

    class Meta:
        model = Pathway
        fields = [
            "slug",
            "name",
            "name_nl",
            "name_en",
            "summary",
            "programme",
            "qualification",
            "sector",
            "mode",
            "ec",
            "duration_months",
            "subjects",
            "requires_teaching_job",
            "start_moments",
        ]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A pathway in full",
            value={
                **_PATHWAY_LIST_EXAMPLE,
                "target_group": "Graduates with a university bachelor in a school subject.",
                "admission": "30 EC after a bachelor in a school subject.",
                "costs": "Statutory tuition fee.",
                "tuition_fee": {"amount": "2601.00", "currency": "EUR", "academic_year": "2025-2026"},
                "financing": "Still entitled to student finance? You can use it for this route.",
                "contact": {
                    "name": "ICLON student desk",
                    "email": "info@iclon.leidenuniv.nl",
                    "phone": "071 527 40 15",
                },
                "open_days": "Online information evening in November and March.",
                "requires_aptitude_assessment": False,
                "plus_programme_of": None,
                "modules": [
                    {
                        "name": "Learning and instruction",
                        "kind": "basic",
                        "ec": 5,
                        "order": 1,
                        "principles": ["adaptief", "formatief", "zelfregulerend"],
                    }
                ],
                "prior_education_rules": [
                    {"prior_education": "wo_bachelor", "outcome": "fits"},
                    {"prior_education": "wo_master", "outcome": "fits"},
                ],
            },
            response_only=True,
        )
    ]
)
class PathwayDetailSerializer(PathwayListSerializer):
    target_group = localized_field()
    admission = localized_field()
    costs = localized_field()
    tuition_fee = serializers.SerializerMethodField(
        help_text="The tuition fee for one academic year: its amount, currency (EUR) and academic year; "
        "null when ICLON has not entered one (then `costs` says what to expect)."
    )
    financing = localized_field(
        "How the route can be paid for (e.g. the lerarenbeurs, student finance), in the request's language "
        "(Accept-Language: nl or en); empty when none is entered."
    )
    contact = serializers.SerializerMethodField(
        help_text="Whom to ask about this route; null when it has no contact of its own: then ICLON's "
        "student desk answers (see `student_desk` of /api/v1/route-finder/)."
    )
    open_days = localized_field(
        "When and how to get to know the route (open and orientation days), in the request's language "
        "(Accept-Language: nl or en); empty when none are entered."
    )
    plus_programme_of = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For a plus-programme: the slug of the pathway it adds to; else null.",
    )
    modules = ModuleSerializer(many=True, read_only=True)
    prior_education_rules = PriorEducationRuleSerializer(many=True, read_only=True)

    class Meta(PathwayListSerializer.Meta):
        fields = [
            *PathwayListSerializer.Meta.fields,
            "target_group",
            "admission",
            "costs",
            "tuition_fee",
            "financing",
            "contact",
            "open_days",
            "requires_aptitude_assessment",
            "plus_programme_of",
            "modules",
            "prior_education_rules",
        ]

    @extend_schema_field(TuitionFeeSerializer(allow_null=True))
    def get_tuition_fee(self, obj) -> dict | None:
        if obj.tuition_fee is None:
            return None
        return TuitionFeeSerializer(obj, context=self.context).data

    @extend_schema_field(PathwayContactSerializer(allow_null=True))
    def get_contact(self, obj) -> dict | None:
        if not (obj.contact_name or obj.contact_email or obj.contact_phone):
            return None
        return PathwayContactSerializer(obj, context=self.context).data


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A degree field",
            value={
                "slug": "rechtsgeleerdheid",
                "name": "Law",
                "name_nl": "Rechtsgeleerdheid",
                "name_en": "Law",
            },
            response_only=True,
        )
    ]
)
class DegreeFieldSerializer(serializers.ModelSerializer):
    name = localized_field()

    class Meta:
        model = DegreeField
        fields = ["slug", "name", "name_nl", "name_en"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A deficiency course",
            value={
                "slug": "beta4all-ecologie-en-evolutie",
                "name": "Ecology and evolution",
                "name_nl": "Ecologie en evolutie",
                "name_en": "Ecology and evolution",
                "provider": "beta4all",
                "subject": "biologie",
                "ec": 5,
                "is_online": True,
                "is_free": True,
                "url": "https://www.beta4all.nl/",
            },
            response_only=True,
        )
    ]
)
class DeficiencyCourseSerializer(serializers.ModelSerializer):
    name = localized_field()
    subject = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The school subject's slug.")

    class Meta:
        model = DeficiencyCourse
        fields = ["slug", "name", "name_nl", "name_en", "provider", "subject", "ec", "is_online", "is_free", "url"]


# --- The route finder ----------------------------------------------------------------------------

CONDITION_CODES = [
    ConditionCode.MASTER_FIRST,
    ConditionCode.MASTER_ENROLMENT,
    ConditionCode.PREMASTER,
    ConditionCode.DEFICIENCY_COURSES,
    ConditionCode.RELATEDNESS_CHECK,
    ConditionCode.DUTCH_PROFICIENCY,
    ConditionCode.APTITUDE_ASSESSMENT,
    ConditionCode.ENGLISH,
]


class ConditionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[(code, code) for code in CONDITION_CODES])
    text = serializers.CharField(help_text="In the request's language.")
    deficiency_courses = serializers.SerializerMethodField(
        help_text="Slugs of the deficiency courses that close the gap (see /api/v1/deficiency-courses/)."
    )

    def get_deficiency_courses(self, obj) -> list[str]:
        return [course.slug for course in obj.deficiency_courses]


STEP_KIND_VALUES = list(dict.fromkeys(STEP_KINDS.values()))
SUGGESTION_KINDS = [
    SuggestionKind.DEFICIENCY_COURSES,
    SuggestionKind.RELATED_MASTER,
    SuggestionKind.PREMASTER,
    SuggestionKind.RELATED_SUBJECT,
]


class RouteStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(kind, kind) for kind in STEP_KIND_VALUES],
        help_text="degree (a university master first, or the master a route is part of), premaster, "
        "deficiency_courses or dutch_proficiency.",
    )
    text = serializers.CharField(help_text="What to do, in the request's language.")
    months = serializers.IntegerField(
        allow_null=True, help_text="Roughly how many months the step takes; null when it depends on the person."
    )
    ec = serializers.IntegerField(allow_null=True, help_text="The study load in EC, where known.")
    url = serializers.CharField(allow_blank=True, help_text="Where to read more or sign up; empty when none.")
    deficiency_courses = serializers.SerializerMethodField(
        help_text="Slugs of the deficiency courses of the step (see /api/v1/deficiency-courses/)."
    )

    def get_deficiency_courses(self, obj) -> list[str]:
        return [course.slug for course in obj.deficiency_courses]


class RouteSuggestionSerializer(RouteStepSerializer):
    """A suggestion has a step's fields (route_finder.Suggestion is a Step) and what it points to."""

    kind = serializers.ChoiceField(choices=[(kind, kind) for kind in SUGGESTION_KINDS])
    degree_fields = serializers.SerializerMethodField(help_text="Slugs of related degree fields (a related master).")
    subjects = serializers.SerializerMethodField(help_text="Slugs of related school subjects to ask again for.")

    def get_degree_fields(self, obj) -> list[str]:
        return [degree_field.slug for degree_field in obj.degree_fields]

    def get_subjects(self, obj) -> list[str]:
        return [subject.slug for subject in obj.subjects]


class StudentDeskSerializer(serializers.Serializer):
    name = serializers.CharField()
    street = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.EmailField()


class RouteAnswerSerializer(serializers.Serializer):
    slug = serializers.CharField(source="pathway.slug")
    name = serializers.CharField(source="pathway.name", help_text="In the request's language.")
    programme = serializers.CharField(source="pathway.programme.slug", help_text="The programme's slug.")
    qualification = QualificationRefSerializer(source="pathway.qualification")
    sector = serializers.CharField(source="pathway.sector")
    mode = serializers.CharField(source="pathway.mode")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it fits (or partly fits).")
    conditions = ConditionSerializer(many=True, help_text="What is still needed: steps first, then the route's own.")
    refusals = serializers.ListField(child=serializers.CharField(), help_text="Why it does not fit (empty in fits).")
    can_start_now = serializers.BooleanField(
        help_text="It fits and asks no step first: one can apply now (false for the routes that do not fit)."
    )
    steps = RouteStepSerializer(
        many=True, help_text="The steps before one can start, in the order one takes them (empty when none)."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A political-science master who wants to teach history",
            value={
                "fits": [
                    {
                        "slug": "master-leraar-vho-voltijd",
                        "name": "Master's in Teaching (full-time)",
                        "programme": "master-leraar-vho",
                        "qualification": {
                            "slug": "eerstegraads",
                            "kind": "first_degree",
                            "name": "First-degree qualification",
                        },
                        "sector": "vo",
                        "mode": "full_time",
                        "reasons": [
                            "It leads to the first-degree qualification.",
                            "It is offered for History and civics.",
                            "Your prior education (university master) gives access.",
                        ],
                        "conditions": [
                            {
                                "code": "deficiency_courses",
                                "text": "Close the gap in subject knowledge before admission; ICLON advises you how.",
                                "deficiency_courses": [],
                            }
                        ],
                        "refusals": [],
                        "can_start_now": False,
                        "steps": [
                            {
                                "kind": "deficiency_courses",
                                "text": "Close the gap in subject knowledge before admission; ICLON advises you how.",
                                "months": 6,
                                "ec": None,
                                "url": "",
                                "deficiency_courses": [],
                            }
                        ],
                    }
                ],
                "does_not_fit": [
                    {
                        "slug": "zij-instroom-vo",
                        "name": "Lateral entry into secondary teaching",
                        "programme": "zij-instroom",
                        "qualification": {
                            "slug": "eerstegraads",
                            "kind": "first_degree",
                            "name": "First-degree qualification",
                        },
                        "sector": "vo",
                        "mode": "work_study",
                        "reasons": ["It leads to the first-degree qualification."],
                        "conditions": [],
                        "refusals": ["It is only for people who already work as a teacher at a school."],
                        "can_start_now": False,
                        "steps": [],
                    }
                ],
                "suggestions": [],
                "student_desk": {
                    "name": "ICLON",
                    "street": "Kolffpad 1",
                    "city": "Leiden",
                    "phone": "071 527 40 15",
                    "email": "info@iclon.leidenuniv.nl",
                },
            },
            response_only=True,
        )
    ]
)
class RouteFinderResultSerializer(serializers.Serializer):
    fits = RouteAnswerSerializer(many=True, help_text="The routes that fit, best first.")
    does_not_fit = RouteAnswerSerializer(many=True, help_text="The other published routes, with the refusals.")
    suggestions = RouteSuggestionSerializer(
        many=True,
        help_text="When no route fits: what would make one fit, least effort first (deficiency courses, a "
        "related master, a premaster, a route in a related subject). Empty when a route fits.",
    )
    student_desk = StudentDeskSerializer(help_text="How to reach ICLON's student desk.")
