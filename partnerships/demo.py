"""Demo and scale data of the partnerships app.

The demo uses the real secondary schools of Zuid-Holland from DUO's register (a copy of the
Zuid-Holland rows ships in partnerships/demo/), the four education regions of the province, the
Educatieve Alliantie Zuid-Holland and ten demo training-school partnerships over those schools.
"""

import csv
import datetime
from pathlib import Path

from django.utils import timezone, translation
from tqdm import tqdm

from iclon.accounts.demo import demo_user
from partnerships.models import (
    Agreement,
    Alliance,
    EducationRegion,
    Faculty,
    Institution,
    MunicipalityRegion,
    School,
    SchoolBoard,
    SchoolMembership,
    SchoolRole,
    TrainingSchoolPartnership,
)
from partnerships.services.duo_import import import_duo_file, place_name

DEMO_DIR = Path(__file__).resolve().parent / "demo"

REGIONS = [
    (
        "holland-rijnland",
        "Holland Rijnland",
        "Leiden, de Duin- en Bollenstreek en de Rijn- en Gouwestreek: schoolbesturen, opleidingen en "
        "het beroep werken samen aan werven, opleiden en ontwikkelen van leraren.",
    ),
    (
        "haaglanden",
        "Haaglanden",
        "Den Haag, Zoetermeer, Delft en het Westland: een van de regio's met de grootste lerarentekorten.",
    ),
    ("rijnmond", "Rijnmond", "Rotterdam en de gemeenten langs de Nieuwe Waterweg en op de eilanden."),
    ("zuid-holland-zuid", "Zuid-Holland Zuid", "De Drechtsteden en de regio Gorinchem."),
]

INSTITUTIONS = [
    ("Universiteit Leiden", "UL", Institution.Kind.UNIVERSITY, "Leiden", "https://www.universiteitleiden.nl"),
    ("Technische Universiteit Delft", "TU Delft", Institution.Kind.UNIVERSITY, "Delft", "https://www.tudelft.nl"),
    ("Hogeschool Leiden", "HSL", Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES, "Leiden", "https://www.hsleiden.nl"),
    (
        "De Haagse Hogeschool",
        "HHS",
        Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES,
        "Den Haag",
        "https://www.dehaagsehogeschool.nl",
    ),
    (
        "Hogeschool Rotterdam",
        "HR",
        Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES,
        "Rotterdam",
        "https://www.hogeschoolrotterdam.nl",
    ),
    (
        "Hogeschool Inholland",
        "Inholland",
        Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES,
        "Den Haag",
        "https://www.inholland.nl",
    ),
    (
        "Thomas More Hogeschool",
        "Thomas More",
        Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES,
        "Rotterdam",
        "https://www.thomasmorehs.nl",
    ),
    (
        "Driestar hogeschool",
        "Driestar",
        Institution.Kind.UNIVERSITY_OF_APPLIED_SCIENCES,
        "Gouda",
        "https://www.driestar-hogeschool.nl",
    ),
]

LEIDEN_FACULTIES = [
    "Archeologie",
    "Geesteswetenschappen",
    "Governance and Global Affairs",
    "Rechtsgeleerdheid",
    "Sociale Wetenschappen",
    "Wiskunde en Natuurwetenschappen",
]

# Ten demo partnerships: (name, region, municipalities (CBS codes), boards: all / even / odd numbers).
# Rotterdam and Den Haag are large enough for two partnerships each; they are split by board.
PARTNERSHIPS = [
    (
        "Opleidingsschool Leiden en Bollenstreek",
        "holland-rijnland",
        ["0546", "0537", "0579", "0575", "1525", "0553", "0534", "0547", "1884"],
        "all",
    ),
    ("Opleidingsschool Rijn en Gouwe", "holland-rijnland", ["0484", "0569", "0627", "0513", "1931"], "all"),
    ("Opleidingsschool Den Haag", "haaglanden", ["0518"], "even"),
    ("Opleidingsschool Haaglanden", "haaglanden", ["0518", "1916", "0637", "1926", "0603", "0629"], "odd"),
    ("Opleidingsschool Delft en Westland", "haaglanden", ["0503", "1783", "1842"], "all"),
    ("Opleidingsschool Rotterdam-Noord", "rijnmond", ["0599", "1621", "0502", "0542", "1892"], "even"),
    ("Opleidingsschool Rotterdam-Zuid", "rijnmond", ["0599", "0489", "0597"], "odd"),
    ("Opleidingsschool Nieuwe Waterweg", "rijnmond", ["0606", "0622", "0556", "1930", "1992"], "all"),
    ("Opleidingsschool Eilanden", "rijnmond", ["1963", "1924"], "all"),
    (
        "Opleidingsschool Drechtsteden",
        "zuid-holland-zuid",
        ["0505", "0590", "0642", "1978", "0512", "0610", "0523"],
        "all",
    ),
]

ONZ_SCHOOLS = 64  # "more than 60 schools" of the ONZ network, in Holland Rijnland and Haaglanden


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def seed_demo(stdout, style) -> None:
    regions = {
        slug: EducationRegion.objects.update_or_create(slug=slug, defaults={"name": name, "description": text})[0]
        for slug, name, text in REGIONS
    }
    with (DEMO_DIR / "municipality_regions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            MunicipalityRegion.objects.update_or_create(
                municipality_code=row["municipality_code"],
                defaults={"municipality_name": place_name(row["municipality_name"]), "region": regions[row["region"]]},
            )

    institutions = []
    for name, short, kind, city, website in INSTITUTIONS:
        institution, _ = Institution.objects.update_or_create(
            slug=_slug(name),
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "city": city,
                "website": website,
                "trains_teachers": True,
            },
        )
        institutions.append(institution)
    leiden = institutions[0]
    for faculty in LEIDEN_FACULTIES:
        Faculty.objects.update_or_create(institution=leiden, slug=_slug(faculty), defaults={"name": faculty})
    alliance, _ = Alliance.objects.update_or_create(
        slug="educatieve-alliantie-zuid-holland",
        defaults={
            "name": "Educatieve Alliantie Zuid-Holland",
            "description": "De acht lerarenopleidingen voor primair en voortgezet onderwijs in Zuid-Holland werken "
            "samen aan flexibele routes naar het leraarschap.",
        },
    )
    alliance.institutions.set(institutions)
    alliance.regions.set(regions.values())

    report = import_duo_file((DEMO_DIR / "duo-zuid-holland.csv").read_bytes(), actor=None)
    with translation.override("en"):  # the console's lines are English, whatever the default language
        stdout.write(f"  DUO schools of Zuid-Holland: {report.summary()}")

    _seed_partnerships(regions)
    _seed_school_users()


def _seed_partnerships(regions) -> None:
    schools = list(
        School.objects.filter(province="Zuid-Holland").select_related("board").order_by("brin_code", "branch_number")
    )
    board_sizes: dict[int, int] = {}
    for school in schools:
        board_sizes[school.board_id] = board_sizes.get(school.board_id, 0) + 1

    until = datetime.date(timezone.localdate().year + 3, 7, 31)
    for name, region_slug, municipalities, boards in PARTNERSHIPS:
        members = [
            school
            for school in schools
            if school.municipality_code in municipalities
            # Praktijkonderwijs trains few teachers; those schools stay outside, as in reality ~90 % is covered.
            and school.education_structure != "PRO"
            and (boards == "all" or (int(school.board.number) % 2 == 0) == (boards == "even"))
        ]
        # The lead school: a school of the partnership's largest board, the first by code.
        lead = min(members, key=lambda s: (-board_sizes[s.board_id], s.brin_code, s.branch_number))
        partnership, _ = TrainingSchoolPartnership.objects.update_or_create(
            slug=_slug(name),
            defaults={
                "name": name,
                "lead_school": lead,
                "region": regions[region_slug],
                "accredited_until": until,
                "description": f"{name} leidt samen met ICLON leraren op in {len(members)} scholen.",
            },
        )
        School.objects.filter(pk__in=[s.pk for s in members]).update(partnership=partnership)
        Agreement.objects.update_or_create(
            title=f"Samenwerkingsovereenkomst {name}",
            defaults={
                "partnership": partnership,
                "starts_on": datetime.date(2023, 8, 1),
                "ends_on": until,
                "signed_on": datetime.date(2023, 6, 15),
                "notes": "Afspraken over opleiden in de school, begeleiding en kwaliteitszorg.",
            },
        )
    onz = [s.pk for s in schools if s.region_id in (regions["holland-rijnland"].pk, regions["haaglanden"].pk)]
    School.objects.filter(pk__in=onz[:ONZ_SCHOOLS]).update(onz_member=True)


# Demo school users: (e-mail, name, role, which school: "lead" = the lead school of the Leiden
# partnership, "member" = another school of it, "other" = a school of another partnership).
SCHOOL_USERS = [
    ("schoolcontact@example.org", "Sanne de Vries", SchoolRole.SCHOOL_CONTACT, "member"),
    ("mentor@example.org", "Mohamed El Amrani", SchoolRole.WORKPLACE_MENTOR, "member"),
    ("schoolopleider@example.org", "Eva Jansen", SchoolRole.SCHOOL_TEACHER_EDUCATOR, "member"),
    ("schoolleider@example.org", "Pieter Bakker", SchoolRole.SCHOOL_LEADER, "lead"),
    ("rotterdam@example.org", "Noor Visser", SchoolRole.SCHOOL_CONTACT, "other"),
]


def _seed_school_users() -> None:
    leiden = TrainingSchoolPartnership.objects.get(slug="opleidingsschool-leiden-en-bollenstreek")
    rotterdam = TrainingSchoolPartnership.objects.get(slug="opleidingsschool-rotterdam-zuid")
    member = leiden.member_schools.exclude(pk=leiden.lead_school_id).order_by("brin_code", "branch_number").first()
    schools = {"lead": leiden.lead_school, "member": member, "other": rotterdam.lead_school}
    for email, name, role, which in SCHOOL_USERS:
        user = demo_user(email, name)
        SchoolMembership.objects.unscoped().update_or_create(
            user=user,
            school=schools[which],
            role=role,
            defaults={"active_from": datetime.date(2024, 8, 1), "active_until": None},
        )


def seed_scale_arguments(parser) -> None:
    parser.add_argument("--schools", type=int, default=0, help="Number of schools to generate.")


_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def scale_code(i: int) -> tuple[str, str]:
    """A valid BRIN code and branch for generated school i, in a range DUO does not use (9x)."""
    return f"9{(i // 1296) % 10}{_ALPHABET[(i // 36) % 36]}{_ALPHABET[i % 36]}", f"{(i // 12960) % 100:02d}"


def seed_scale(options, stdout) -> None:
    count = options.get("schools") or 0
    if not count:
        return
    regions = list(EducationRegion.objects.all()) or [
        EducationRegion.objects.create(name="Schaalregio", slug="schaalregio")
    ]
    board, _ = SchoolBoard.objects.get_or_create(number="99999999", defaults={"name": "Schaalbestuur"})
    batch: list[School] = []
    with tqdm(total=count, unit="schools", file=stdout._out) as bar:
        for i in range(count):
            brin, branch = scale_code(i)
            batch.append(
                School(
                    brin_code=brin,
                    branch_number=branch,
                    name=f"Schaalschool {i:05d}",
                    offers_vo=True,
                    city="Leiden",
                    municipality="Leiden",
                    municipality_code="0546",
                    postcode="2311 EZ",
                    board=board,
                    region=regions[i % len(regions)],
                )
            )
            if len(batch) == 2000:
                School.objects.bulk_create(batch, ignore_conflicts=True)
                bar.update(len(batch))
                batch = []
        if batch:
            School.objects.bulk_create(batch, ignore_conflicts=True)
            bar.update(len(batch))
    stdout.write(f"{count} schools generated (existing codes skipped).")
