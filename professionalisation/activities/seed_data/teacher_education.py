"""Activities for school-based teacher educators, and for teachers in primary and higher
education and beginning teachers.

Plain data; the package's docstring describes an activity's sessions."""

from decimal import Decimal

# --- School-based teacher educators -------------------------------------------------------------
TEACHER_EDUCATORS = [
    {
        "slug": "basiscursus-schoolopleider",
        "kind": "school_educator_course",
        "title_nl": "Basiscursus schoolopleider",
        "title_en": "Basic course for school-based teacher educators",
        "description_nl": (
            "Voor schoolopleiders en werkplekbegeleiders die studenten en startende leraren in de school "
            "begeleiden. Je leert de begeleidingscyclus van plannen, observeren, nabespreken en beoordelen, "
            "oefent met begeleidingsgesprekken aan de hand van video en leert hoe je het leren op de werkplek "
            "verbindt met de opleiding. Zes bijeenkomsten; je sluit af met een portfolio en een gefilmd "
            "begeleidingsgesprek."
        ),
        "description_en": (
            "For school-based teacher educators and workplace mentors who supervise student teachers and "
            "beginning teachers at school. You learn the supervision cycle of planning, observing, debriefing "
            "and assessing, practise supervision conversations using video, and learn how to connect learning "
            "at the workplace with the teacher education programme. Six meetings; you finish with a portfolio "
            "and a filmed supervision conversation."
        ),
        "audiences": ["school_educators"],
        "principles": ["formatief", "samenwerkend", "zelfregulerend"],
        "format": "on_site",
        "price": Decimal("1350"),
        "onz_price": Decimal("1150"),
        "hours": 84,
        "ec": Decimal("3"),
        "award": "microcredential",
        "meetings_required": 5,
        "assignment_required": True,
        "cancel_days_before": 21,
        "sessions": [
            {
                "week": 5,
                "day": "thu",
                "start": "13:30",
                "end": "17:00",
                "meetings": 6,
                "capacity": 18,
                "onz_places": 6,
                "taken": 10,
            },
            {
                "week": 38,
                "day": "thu",
                "start": "13:30",
                "end": "17:00",
                "meetings": 6,
                "capacity": 18,
                "onz_places": 6,
            },
        ],
    },
    {
        "slug": "vervolgcursus-schoolopleider",
        "kind": "school_educator_course",
        "title_nl": "Vervolgcursus schoolopleider: opleiden in de school",
        "title_en": "Advanced course for school-based teacher educators: teacher education in school",
        "description_nl": (
            "Voor schoolopleiders die de basiscursus hebben gevolgd of al enkele jaren opleiden. Je onderzoekt "
            "hoe het opleiden in jouw school georganiseerd is, hoe beoordelen betrouwbaar wordt en hoe je "
            "werkplekbegeleiders toerust. Je voert een klein praktijkonderzoek uit naar een vraag van je eigen "
            "opleidingsschool en presenteert dat in de laatste bijeenkomst."
        ),
        "description_en": (
            "For school-based teacher educators who took the basic course or have several years of "
            "experience. You examine how teacher education is organised at your school, how assessment "
            "becomes reliable and how you equip workplace mentors. You carry out a small practice-based study "
            "of a question from your own training school and present it at the last meeting."
        ),
        "audiences": ["school_educators"],
        "principles": ["onderzoekend", "zelfregulerend", "samenwerkend"],
        "format": "on_site",
        "price": Decimal("1150"),
        "onz_price": Decimal("950"),
        "hours": 56,
        "ec": Decimal("2"),
        "award": "microcredential",
        "meetings_required": 4,
        "assignment_required": True,
        "cancel_days_before": 21,
        "sessions": [
            {
                "week": 9,
                "day": "wed",
                "start": "13:30",
                "end": "17:00",
                "meetings": 5,
                "every": 21,
                "capacity": 16,
                "taken": 7,
            },
        ],
    },
]

# --- Primary education, higher education and beginning teachers ---------------------------------
PRIMARY_HIGHER_AND_BEGINNING = [
    {
        "slug": "onderzoekend-en-ontwerpend-leren-basisschool",
        "kind": "course",
        "title_nl": "Onderzoekend en ontwerpend leren in de basisschool",
        "title_en": "Inquiry and design-based learning in primary school",
        "description_nl": (
            "Voor leerkrachten in groep 5 tot en met 8. Je leert hoe je kinderen zelf vragen laat stellen over "
            "natuur en techniek, hoe je een onderzoekje begeleidt en hoe je een ontwerpopdracht opzet die past "
            "bij het thema van je klas. Drie bijeenkomsten met praktische materialen die je zo in je klas "
            "kunt gebruiken."
        ),
        "description_en": (
            "For teachers of years 5 to 8 of primary school. You learn how to let children ask their own "
            "questions about nature and technology, how to guide a small investigation and how to set up a "
            "design assignment that fits your class's theme. Three meetings with practical materials you can "
            "use in class straight away."
        ),
        "audiences": ["teachers_po"],
        "principles": ["onderzoekend", "samenwerkend", "taakgestuurd"],
        "format": "on_site",
        "price": Decimal("395"),
        "onz_price": Decimal("325"),
        "hours": 10,
        "sessions": [
            {"week": 14, "day": "wed", "start": "14:00", "end": "17:00", "meetings": 3, "capacity": 20, "taken": 3},
        ],
    },
    {
        "slug": "basiskwalificatie-onderwijs",
        "kind": "trajectory",
        "title_nl": "Basiskwalificatie Onderwijs (BKO)",
        "title_en": "University Teaching Qualification (BKO)",
        "description_nl": (
            "Het traject voor docenten in het hoger onderwijs die hun Basiskwalificatie Onderwijs willen "
            "behalen. In zes bijeenkomsten werk je aan het ontwerpen van onderwijs, activerend lesgeven, toetsen "
            "en begeleiden van studenten. Je bouwt een portfolio op met bewijs uit je eigen onderwijs, dat een "
            "commissie beoordeelt."
        ),
        "description_en": (
            "The trajectory for teachers in higher education who want to obtain their University Teaching "
            "Qualification. In six meetings you work on designing courses, active teaching, assessment and "
            "supervising students. You build a portfolio with evidence from your own teaching, which a "
            "committee assesses."
        ),
        "audiences": ["teachers_he"],
        "principles": ["formatief", "adaptief", "zelfregulerend", "samenwerkend"],
        "format": "hybrid",
        "price": Decimal("1950"),
        "hours": 140,
        "ec": Decimal("5"),
        "award": "microcredential",
        "meetings_required": 5,
        "assignment_required": True,
        "cancel_days_before": 28,
        "sessions": [
            {
                "week": 8,
                "day": "fri",
                "start": "09:30",
                "end": "12:30",
                "meetings": 6,
                "every": 28,
                "capacity": 18,
                "taken": 4,
            },
        ],
    },
    {
        "slug": "van-startbekwaam-naar-vakbekwaam",
        "kind": "trajectory",
        "title_nl": "Van startbekwaam naar vakbekwaam: traject voor startende leraren",
        "title_en": "From starting to experienced teacher: a trajectory for beginning teachers",
        "description_nl": (
            "Voor leraren in hun eerste of tweede jaar na de lerarenopleiding. In zes bijeenkomsten, een per "
            "maand, werk je aan klassenmanagement, afstemmen op verschillen en formatief handelen, en aan je "
            "eigen ontwikkelplan. Je brengt situaties uit je eigen lessen in en bezoekt een les van een "
            "collega uit de groep. Het traject hoort bij het ontwikkelpad startbekwaam naar vakbekwaam van de "
            "Nationale Aanpak Professionalisering Leraren."
        ),
        "description_en": (
            "For teachers in their first or second year after teacher education. In six meetings, one a month, "
            "you work on classroom management, responding to differences and formative assessment, and on "
            "your own development plan. You bring in situations from your own lessons and visit a lesson of a "
            "colleague from the group. The trajectory belongs to the development path from starting to "
            "experienced teacher of the national approach to teachers' professional development (NAPL)."
        ),
        "audiences": ["teachers_vo"],
        "principles": ["adaptief", "veilig-en-participerend", "formatief", "zelfregulerend"],
        "region": "haaglanden",
        "format": "on_site",
        "price": Decimal("1250"),
        "onz_price": Decimal("950"),
        "hours": 56,
        "ec": Decimal("2"),
        "award": "microcredential",
        "meetings_required": 5,
        "assignment_required": True,
        "cancel_days_before": 21,
        "sessions": [
            {
                "week": -3,
                "day": "wed",
                "start": "15:30",
                "end": "18:00",
                "meetings": 6,
                "every": 28,
                "capacity": 16,
                "where": "school",
                "status": "closed",
            },
            {
                "week": 40,
                "day": "wed",
                "start": "15:30",
                "end": "18:00",
                "meetings": 6,
                "every": 28,
                "capacity": 16,
                "where": "school",
                "onz_places": 6,
            },
        ],
    },
]
