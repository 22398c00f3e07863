"""Helpers of the per-role browser journeys (test_journeys.py): the data each role works with, made
with the project's factories; the pages each role visits; and the checks run on every page (axe-core,
sideways overflow, console errors, CSP violations) with a screenshot of each.

A role's pages are the ones listed here for it plus the links its start page (the dashboard; the
home page for a visitor) offers in the header and the main content (journey_pages: at most
DISCOVERED_SIBLINGS detail pages of one list, no public pages for signed-in roles), so that a link the dashboard or
the header gains joins the journey without a change here."""

import datetime
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from iclon.accounts.roles import StaffGroup
from iclon.notifications.models import Channel
from partnerships.models import SchoolRole
from programmes.catalogue import demo as catalogue_demo
from programmes.models import (
    AdmissionCondition,
    ApplicationStatus,
    Evaluation,
    Pathway,
    PlacementStatus,
    SchoolSubject,
)
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.accounts import PASSWORD, current_totp
from tests.factories.notifications import NotificationFactory
from tests.factories.partnerships import SchoolFactory, SchoolMembershipFactory, TrainingSchoolPartnershipFactory
from tests.factories.placements import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
    PlacementWishFactory,
)
from tests.factories.professionalisation import ActivityFactory, SessionFactory
from tests.factories.programmes import (
    AdmissionConditionFactory,
    ApplicationFactory,
    ExemptionFactory,
    InformationRequestFactory,
    InternalNoteFactory,
)
from tests.factories.research import PublicationFactory, ResearchProjectFactory, the_twelve

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = {1366: 768, 390: 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("critical", "serious")

# Links a journey does not follow: leaving the session, files rather than pages, the API.
NOT_A_PAGE = re.compile(
    r"^/(accounts/logout/|i18n/|api/|static/|media/|admin/logout/)"
    r"|\.(pdf|ics|csv|json|jwt|svg|xlsx|zip|png|jpg)$"
    r"|/(export|download)[^/]*/?$"
)

AXE_RUN = """
async (tags) => {
  // preload: false: axe would copy the page's stylesheets into inline <style> elements (for
  // css-orientation-lock), which the portal's CSP refuses: a violation of the instrument's own.
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"], preload: false,
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}
"""


@dataclass
class Role:
    """Who walks the journey, where they start, and the pages named for them."""

    name: str
    user: object = None
    totp: bool = False
    start: str = "/dashboard/"
    pages: list[str] = field(default_factory=list)


@dataclass
class Problem:
    role: str
    width: int
    url: str
    kind: str  # axe, overflow, console, csp, status
    detail: str

    def __str__(self):
        return f"{self.role} @ {self.width}px {self.url}: [{self.kind}] {self.detail}"


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("BROWSER_ARTIFACTS") or Path(settings.BASE_DIR) / "artifacts" / "browser")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def page_slug(url: str) -> str:
    parts = urlsplit(url)
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", f"{parts.path}?{parts.query}" if parts.query else parts.path).strip("-")
    return (slug or "home")[:120]


def log_in(page, base_url: str, role: Role) -> None:
    """The login form as a person fills it in (and the TOTP step for staff)."""
    page.goto(f"{base_url}/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(role.user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    if role.totp:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("input[name=code]").fill(current_totp())
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{base_url}/dashboard/")


def links_on(page, base_url: str) -> list[str]:
    """The same-site page links in the header and the main content of the current page."""
    hrefs = page.eval_on_selector_all(
        "header a[href], main a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        absolute = urljoin(page.url, href)
        parts = urlsplit(absolute)
        if not absolute.startswith(base_url) or NOT_A_PAGE.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


DISCOVERED_SIBLINGS = 2


def journey_pages(role: Role, discovered: list[str]) -> list[str]:
    """The named pages first, then the discovered ones, each once (the fragment left off). Of the
    discovered detail pages of one list (/research/principles/<slug>/ under /research/principles/)
    the first two stand for the rest: the same template, with other rows."""
    named = [path.split("#")[0] for path in [role.start, *role.pages]]
    pages = list(dict.fromkeys(named))
    public = set(PUBLIC_PAGES) if role.user is not None else set()
    children: dict[str, int] = {}
    for path in dict.fromkeys(path.split("#")[0] for path in discovered):
        if path in pages or path in public or any(path.startswith(p) for p in public if p.count("/") > 2):
            continue
        parent = path.split("?")[0].rstrip("/").rsplit("/", 1)[0] + "/"
        if parent != "/" and (parent in pages or parent in discovered):
            children[parent] = children.get(parent, 0) + 1
            if children[parent] > DISCOVERED_SIBLINGS:
                continue
        pages.append(path)
    return pages


def check_page(page, base_url: str, role: str, width: int, path: str, axe_source: str) -> list[Problem]:
    """Open `path` and check it; the screenshot is saved whatever the outcome."""
    from playwright.sync_api import Error as PlaywrightError  # imported where the browser runs

    problems = []
    page.console_errors.clear()
    try:
        response = page.goto(base_url + path, wait_until="load")
    except PlaywrightError as error:  # e.g. a 405: Chromium refuses to show the answer
        return [Problem(role, width, path, "status", str(error).splitlines()[0])]
    if response is None or response.status >= 400:
        problems.append(Problem(role, width, path, "status", f"HTTP {response.status if response else '?'}"))
    landed = urlsplit(page.url).path
    if landed != urlsplit(path).path and landed in ("/accounts/login/", "/admin/login/"):
        problems.append(Problem(role, width, path, "status", f"sent to the login page ({landed})"))
    # The page's own console, read before axe runs in it (axe's messages are not the page's).
    console = list(page.console_errors)
    page.evaluate(axe_source)
    for violation in page.evaluate(AXE_RUN, AXE_TAGS):
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = "; ".join(node["target"] for node in violation["nodes"][:6])
            more = len(violation["nodes"]) - 6
            problems.append(
                Problem(
                    role,
                    width,
                    path,
                    "axe",
                    f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
                    + (f" (+{more} more)" if more > 0 else ""),
                )
            )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        wide = page.evaluate(WIDEST_ELEMENTS)
        problems.append(Problem(role, width, path, "overflow", f"{overflow}px sideways; widest: {wide}"))
    for message in console:
        kind = "csp" if "Content Security Policy" in message else "console"
        problems.append(Problem(role, width, path, kind, message[:300]))
    # Last, and with the caret as it is: to hide a blinking caret (a focused field: the admin's
    # forms focus their first one) Playwright inserts a <style>, which the portal's CSP refuses.
    page.screenshot(
        path=str(artifacts_dir() / f"{role}-{width}-{page_slug(path)}.png"), full_page=True, caret="initial"
    )
    return problems


# The visible elements that stick out past the right edge, or whose content does (a word too long
# for its box), the innermost first: where a sideways overflow comes from.
WIDEST_ELEMENTS = """
() => {
  const width = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const sticksOut = (el) => el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})
    && (el.getBoundingClientRect().right > width + 1
        || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
            && el.getBoundingClientRect().left + el.scrollWidth > width + 1));
  const offenders = [...document.querySelectorAll("body *")].filter(sticksOut);
  return offenders
    .filter((el) => !offenders.some((other) => other !== el && el.contains(other)))
    .slice(0, 4)
    .map((el) => `${describe(el)} (${Math.round(el.getBoundingClientRect().left + el.scrollWidth)}px)`)
    .join(", ");
}
"""


# --- the data of each role ----------------------------------------------------------------------


def seed_catalogue() -> None:
    """The real catalogue of routes (about a second), so that the public pages show what they do."""
    catalogue_demo.seed_demo(io.StringIO(), None)


def _pathway(slug: str) -> Pathway:
    return Pathway.objects.get(slug=slug)


def _subject(slug: str) -> SchoolSubject:
    return SchoolSubject.objects.get(slug=slug)


def _trainee_application(applicant, **kwargs):
    return ApplicationFactory(
        applicant=applicant,
        pathway=_pathway("master-leraar-vho-voltijd"),
        subject=_subject("biologie"),
        status=ApplicationStatus.ADMITTED,
        decided_at=timezone.now() - datetime.timedelta(days=20),
        **kwargs,
    )


def _school_with_placements():
    """A partner school with two offers, a proposed and a confirmed placement, and an evaluation
    due; its contact, workplace mentor and school leader."""
    school = SchoolFactory(name="Stedelijk Gymnasium Leiden")
    TrainingSchoolPartnershipFactory(lead_school=school, name="Opleidingsschool Leiden")
    contact = SchoolMembershipFactory(school=school, role=SchoolRole.SCHOOL_CONTACT).user
    mentor = SchoolMembershipFactory(school=school, role=SchoolRole.WORKPLACE_MENTOR).user
    leader = SchoolMembershipFactory(school=school, role=SchoolRole.SCHOOL_LEADER).user
    period = PlacementPeriodFactory(name_nl="Semester 1", name_en="Semester 1")
    biology = PlacementOfferFactory(school=school, subject=_subject("biologie"), period=period, mentors=[mentor])
    PlacementOfferFactory(school=school, subject=_subject("wiskunde"), period=period)
    proposed = PlacementFactory(
        offer=biology,
        trainee=_trainee_application(UserFactory(full_name="Pim Voorstel")),
        status=PlacementStatus.PROPOSED,
    )
    confirmed = PlacementFactory(
        offer=biology,
        trainee=_trainee_application(UserFactory(full_name="Tess Bevestigd")),
        status=PlacementStatus.CONFIRMED,
        workplace_mentor=mentor,
    )
    evaluation = EvaluationFactory(placement=confirmed, author_role=Evaluation.Author.WORKPLACE_MENTOR)
    return {
        "school": school,
        "contact": contact,
        "mentor": mentor,
        "leader": leader,
        "offers": [biology],
        "proposed": proposed,
        "confirmed": confirmed,
        "evaluation": evaluation,
    }


def _account_pages() -> list[str]:
    return [
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/tokens/",
        "/accounts/data/",
        "/accounts/delete/",
        "/notifications/",
        "/notifications/preferences/",
    ]


def _notify(user) -> None:
    NotificationFactory(recipient=user, channel=Channel.IN_APP)


# The public pages: the visitor's journey. Signed-in journeys leave them out when their start page
# links to them: the same page with another header, which the role's own pages show already.
PUBLIC_PAGES = [
    "/",
    "/routes/",
    "/routes/finder/",
    "/routes/finder/?prior_education=wo_master&degree_field=farmacie&sector=vo&subject=biologie",
    "/routes/compare/",
    "/routes/subjects/",
    "/routes/subjects/biologie/",
    "/routes/master-leraar-vho-voltijd/",
    "/routes/zij-instroom-vo/",
    "/research/principles/",
    "/research/people/",
    "/research/projects/",
    "/research/publications/",
    "/research/questions/answered/",
    "/research/questions/ask/",
    "/professionalisation/",
    "/professionalisation/paths/",
    "/professionalisation/outreach/visits/",
    "/professionalisation/outreach/visits/ask/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/privacy/",
    "/cookies/",
]


def build_visitor() -> Role:
    the_twelve()  # the home page links each principle's page
    ActivityFactory()
    ResearchProjectFactory()
    PublicationFactory()
    return Role("visitor", start="/", pages=PUBLIC_PAGES[1:])


def build_applicant() -> Role:
    """Applications in several states: a draft, one in review with an open question, one admitted
    with conditions, one rejected."""
    applicant = UserFactory(full_name="Anne Aanmelder")
    draft = ApplicationFactory(applicant=applicant, pathway=_pathway("educatieve-module-voltijd"))
    in_review = ApplicationFactory(
        applicant=applicant, pathway=_pathway("master-leraar-vho-deeltijd"), status=ApplicationStatus.IN_REVIEW
    )
    InformationRequestFactory(application=in_review)
    admitted = ApplicationFactory(
        applicant=applicant,
        pathway=_pathway("tweejarige-educatieve-master"),
        status=ApplicationStatus.ADMITTED_WITH_CONDITIONS,
        decided_at=timezone.now() - datetime.timedelta(days=3),
        decision_explanation="Je vooropleiding past; rond eerst de deficiëntiecursus af.",
    )
    AdmissionConditionFactory(application=admitted, kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY)
    rejected = ApplicationFactory(
        applicant=applicant,
        pathway=_pathway("educatieve-specialisatie-beta"),
        status=ApplicationStatus.REJECTED,
        decided_at=timezone.now() - datetime.timedelta(days=9),
        decision_explanation="Je vooropleiding sluit niet aan op het schoolvak.",
    )
    _notify(applicant)
    steps = ["personal", "education", "employment", "language", "motivation", "documents", "review"]
    return Role(
        "applicant",
        user=applicant,
        pages=[
            "/applications/",
            *(f"/applications/{a.pk}/" for a in (draft, in_review, admitted, rejected)),
            *(f"/applications/{draft.pk}/edit/{step}/" for step in steps),
            f"/applications/{admitted.pk}/letter/",
            "/applications/start/world-teachers-programme/",
            *_account_pages(),
        ],
    )


def build_trainee() -> Role:
    trainee = UserFactory(full_name="Tim Trainee")
    application = _trainee_application(trainee)
    PlacementWishFactory(trainee=application)
    school = SchoolFactory(name="Bonaventuracollege")
    offer = PlacementOfferFactory(school=school, subject=application.subject)
    placement = PlacementFactory(trainee=application, offer=offer, status=PlacementStatus.CONFIRMED)
    EvaluationFactory(placement=placement, released=True)
    _notify(trainee)
    return Role(
        "trainee",
        user=trainee,
        pages=[
            "/applications/",
            f"/applications/{application.pk}/",
            "/placements/mine/",
            "/research/questions/theses/",  # schools' questions as thesis topics: for trainees
            f"/placements/mine/{application.pk}/wishes/",
            f"/placements/mine/{application.pk}/employment/",
            "/notifications/",
        ],
    )


def _school_pages(data, *, answers_for_school: bool) -> list[str]:
    """The pages of a school's contact or leader; the contact also edits the offers."""
    offers = ["/placements/school/offers/new/", f"/placements/school/offers/{data['offers'][0].pk}/edit/"]
    return [
        "/schools/",
        f"/schools/{data['school'].code}/",
        "/placements/school/",
        "/placements/school/offers/",
        *(offers if answers_for_school else []),
        f"/placements/school/placements/{data['proposed'].pk}/",
        f"/placements/school/placements/{data['confirmed'].pk}/",
        "/professionalisation/school/",
        "/professionalisation/school-circles/",
        "/professionalisation/outreach/pal/school/",
        "/research/questions/",
        "/research/questions/new/",
        "/notifications/",
    ]


def build_school_contact() -> Role:
    data = _school_with_placements()
    _notify(data["contact"])
    return Role("school_contact", user=data["contact"], pages=_school_pages(data, answers_for_school=True))


def build_school_leader() -> Role:
    data = _school_with_placements()
    return Role("school_leader", user=data["leader"], pages=_school_pages(data, answers_for_school=False))


def build_mentor() -> Role:
    data = _school_with_placements()
    return Role(
        "mentor",
        user=data["mentor"],
        pages=[
            "/schools/",
            f"/schools/{data['school'].code}/",
            "/placements/school/",
            f"/placements/school/placements/{data['confirmed'].pk}/",
            f"/placements/school/evaluations/{data['evaluation'].pk}/",
            "/notifications/",
        ],
    )


def _staff(name: str, group: str):
    return StaffUserFactory(full_name=name, group=group)


def _application_under_review():
    """An application in review with everything the change page shows: a condition, an exemption,
    a note, an open question."""
    application = ApplicationFactory(
        pathway=_pathway("master-leraar-vho-voltijd"),
        subject=_subject("biologie"),
        status=ApplicationStatus.IN_REVIEW,
        submitted_at=timezone.now() - datetime.timedelta(days=5),
    )
    AdmissionConditionFactory(application=application)
    ExemptionFactory(application=application)
    InternalNoteFactory(application=application)
    InformationRequestFactory(application=application)
    ApplicationFactory(pathway=_pathway("educatieve-module-voltijd"), status=ApplicationStatus.SUBMITTED)
    return application


def build_intake_officer() -> Role:
    officer = _staff("Ingrid Intake", StaffGroup.INTAKE_OFFICER)
    application = _application_under_review()
    return Role(
        "intake_officer",
        user=officer,
        totp=True,
        pages=[
            reverse("admin:index"),
            reverse("admin:programmes_application_dashboard"),
            reverse("admin:programmes_application_changelist"),
            reverse("admin:programmes_application_change", args=[application.pk]),
            *_account_pages(),
        ],
    )


def build_placement_coordinator() -> Role:
    coordinator = _staff("Stella Stages", StaffGroup.PLACEMENT_COORDINATOR)
    data = _school_with_placements()
    unplaced = _trainee_application(UserFactory(full_name="Uma Ongeplaatst"))
    PlacementWishFactory(trainee=unplaced)
    return Role(
        "placement_coordinator",
        user=coordinator,
        totp=True,
        pages=[
            "/placements/matching/",
            "/placements/overview/",
            reverse("admin:index"),
            reverse("admin:programmes_placement_changelist"),
            reverse("admin:programmes_placement_change", args=[data["proposed"].pk]),
            reverse("admin:programmes_placementoffer_changelist"),
        ],
    )


def build_programme_coordinator() -> Role:
    coordinator = _staff("Olaf Opleidingen", StaffGroup.PROGRAMME_COORDINATOR)
    return Role(
        "programme_coordinator",
        user=coordinator,
        totp=True,
        pages=[
            reverse("admin:index"),
            reverse("admin:programmes_pathway_changelist"),
            reverse("admin:programmes_pathway_change", args=[_pathway("master-leraar-vho-voltijd").pk]),
            reverse("admin:programmes_schoolsubject_changelist"),
        ],
    )


def build_administrator() -> Role:
    admin = StaffUserFactory(full_name="Ada Administrator", group=StaffGroup.ADMINISTRATOR, is_superuser=True)
    application = _application_under_review()
    SessionFactory(activity=ActivityFactory())
    return Role(
        "administrator",
        user=admin,
        totp=True,
        pages=[
            reverse("admin:index"),
            reverse("admin:accounts_user_changelist"),
            reverse("admin:accounts_user_change", args=[admin.pk]),
            reverse("admin:programmes_application_dashboard"),
            reverse("admin:programmes_application_changelist"),
            reverse("admin:programmes_application_change", args=[application.pk]),
            reverse("admin:partnerships_school_changelist"),
        ],
    )


BUILDERS = {
    "visitor": build_visitor,
    "applicant": build_applicant,
    "trainee": build_trainee,
    "school_contact": build_school_contact,
    "mentor": build_mentor,
    "school_leader": build_school_leader,
    "intake_officer": build_intake_officer,
    "placement_coordinator": build_placement_coordinator,
    "programme_coordinator": build_programme_coordinator,
    "administrator": build_administrator,
}
