"""Public pages on routes into teaching: the catalogue, a pathway, the school subjects, the
comparison and the route finder. All GET, so every answer is a shareable URL.

The catalogue, pathway and subject pages are served to anonymous visitors from a cache (see
programmes/catalogue/cache.py): each builds its context in a `build(query)` function that `page_render`
calls only on a cache miss."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iclon.accounts.roles import staff_may
from iclon.core.pagecache import public_page
from programmes.catalogue import hooks, search, selectors
from programmes.catalogue.cache import page_render
from programmes.catalogue.contact import STUDENT_DESK
from programmes.catalogue.forms import RouteFinderForm
from programmes.catalogue.models import (
    Pathway,
    PriorEducation,
    PriorEducationRule,
    Qualification,
    SchoolSubject,
    Sector,
    StudyMode,
)
from programmes.catalogue.route_finder import find_routes

COMPARE_MAX = 3
MONTHS = [
    (1, gettext_lazy("January")),
    (2, gettext_lazy("February")),
    (3, gettext_lazy("March")),
    (4, gettext_lazy("April")),
    (5, gettext_lazy("May")),
    (6, gettext_lazy("June")),
    (7, gettext_lazy("July")),
    (8, gettext_lazy("August")),
    (9, gettext_lazy("September")),
    (10, gettext_lazy("October")),
    (11, gettext_lazy("November")),
    (12, gettext_lazy("December")),
]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters (GET parameters); every one optional."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    subject = forms.ModelChoiceField(
        label=gettext_lazy("School subject"),
        queryset=SchoolSubject.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All subjects"),
    )
    qualification = forms.ModelChoiceField(
        label=gettext_lazy("Qualification"),
        queryset=Qualification.objects.order_by("-rank", "name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All qualifications"),
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector"), choices=[("", gettext_lazy("All sectors")), *Sector.choices], required=False
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Study mode"), choices=[("", gettext_lazy("All modes")), *StudyMode.choices], required=False
    )
    start_month = forms.TypedChoiceField(
        label=gettext_lazy("Start month"),
        choices=[("", gettext_lazy("Any month")), *MONTHS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    starts_before = forms.DateField(
        label=gettext_lazy("Starts on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    teaching_job = forms.BooleanField(
        label=gettext_lazy("I already work as a teacher: show only routes for teachers (lateral entry)"),
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: value for name, value in data.items() if value not in (None, "", False)}


CATALOGUE_PAGE_SIZE = 24
# The query parameters the catalogue reads: its cache key is made of these alone.
CATALOGUE_PARAMS = (*CatalogueFilterForm.base_fields, "page")


@public_page(params=CATALOGUE_PARAMS)
def catalogue(request):
    def build(query):
        form = CatalogueFilterForm(query)
        filters = form.filters()
        page = Paginator(selectors.pathway_catalogue(**filters), CATALOGUE_PAGE_SIZE).get_page(query.get("page"))
        # The filters stay in the links to the other pages.
        page_query = query.copy()
        page_query.pop("page", None)
        return {
            "form": form,
            "page": page,
            "pathways": selectors.with_next_start(page.object_list),
            "filtered": bool(filters),
            "page_query": page_query.urlencode(),
            # Words that bring a note (search.py): "pabo" says where the primary-school routes are.
            "search_notes": search.notes(filters.get("q", "")),
        }

    return page_render(request, "programmes/catalogue.html", build, params=CATALOGUE_PARAMS)


def admission_rules(pathway: Pathway) -> list[tuple[str, str]]:
    """The pathway's prior-education rules in words: (level, what it means), highest level first."""
    outcomes = {
        PriorEducationRule.Outcome.FITS: _("gives direct access"),
        PriorEducationRule.Outcome.MASTER_FIRST: _("gives access after a university master"),
        PriorEducationRule.Outcome.IN_MASTER: _("gives access once you are enrolled in the master it is part of"),
        PriorEducationRule.Outcome.PREMASTER: _("gives access after a premaster"),
    }
    rules = {rule.prior_education: rule.outcome for rule in pathway.prior_education_rules.all()}
    return [
        (PriorEducation(level).label, outcomes[rules[level]])
        for level in reversed(PriorEducation.values)
        if level in rules
    ]


def _rendered(sections, request) -> list[str]:
    """The sections (iclon.core.navigation.PageSection) a later slice adds, rendered in place."""
    return [render_to_string(section.template, section.context, request=request) for section in sections]


@public_page()
def pathway_detail(request, slug):
    def build(query):
        # Signed-in users are never served from the cache, so staff get their preview.
        preview = staff_may(request.user, "programmes.change_pathway")
        try:
            pathway = selectors.pathway_detail(slug=slug, include_unpublished=preview)
        except Pathway.DoesNotExist:
            raise Http404 from None
        selectors.with_next_start([pathway])
        return {
            "pathway": pathway,
            "rules": admission_rules(pathway),
            "student_desk": STUDENT_DESK,
            # What the slices built on the catalogue add (hooks.py); cached with the page.
            "extra_sections": _rendered(hooks.pathway_sections(pathway=pathway), request),
        }

    return page_render(request, "programmes/pathway_detail.html", build)


@public_page()
def subject_list(request):
    return page_render(request, "programmes/subject_list.html", lambda query: {"subjects": selectors.subject_list()})


@public_page(params=("page",))
def subject_detail(request, slug):
    def build(query):
        try:
            subject = selectors.subject_detail(slug=slug)
        except SchoolSubject.DoesNotExist:
            raise Http404 from None
        # Paginated like the catalogue: a subject with hundreds of routes stays a small page.
        page = Paginator(selectors.subject_pathways(subject=subject), CATALOGUE_PAGE_SIZE).get_page(query.get("page"))
        return {"subject": subject, "page": page, "pathways": selectors.with_next_start(page.object_list)}

    return page_render(request, "programmes/subject_detail.html", build, params=("page",))


@public_page(params=("pathways",))
def compare(request):
    slugs = list(
        dict.fromkeys(slug.strip() for value in request.GET.getlist("pathways") for slug in value.split(",") if slug)
    )
    too_many = len(slugs) > COMPARE_MAX
    pathways = selectors.pathway_compare(slugs=slugs[:COMPARE_MAX])
    rows = [(pathway, admission_rules(pathway)) for pathway in pathways]
    return render(
        request,
        "programmes/compare.html",
        {"pathways": pathways, "rows": rows, "too_many": too_many, "compare_max": COMPARE_MAX, "asked": slugs},
    )


# The answer is the same for everyone who asks the same question: anonymous visitors get it whole
# from the cache (iclon/core/pagecache.py), until the catalogue changes.
@public_page(params=RouteFinderForm.base_fields)
def finder(request):
    form = RouteFinderForm(request.GET or None)
    result = None
    extra_sections = []
    if form.is_bound and form.is_valid():
        question = form.finder_input()
        result = find_routes(question, pathways=selectors.finder_pathways())
        selectors.with_next_start(answer.pathway for answer in result.fits + result.does_not_fit)
        # What the slices built on the catalogue show with an answer (hooks.py).
        extras = hooks.finder_extras(question=question, result=result)
        extra_sections = _rendered([extra.section for extra in extras if extra.section is not None], request)
    return render(request, "programmes/finder.html", {"form": form, "result": result, "extra_sections": extra_sections})
