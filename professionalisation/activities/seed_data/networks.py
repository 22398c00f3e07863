"""Activities where teachers meet and learn together: the ONZ network meetings, the summer school
and the conference, the learning circles (leerkringen).

Plain data; the package's docstring describes an activity's sessions."""

from decimal import Decimal

from professionalisation.activities.seed_data.common import ALL_PRINCIPLES

# --- ONZ network meetings, one in each education region -----------------------------------------
ONZ_NETWORK_MEETINGS = [
    {
        "slug": "onz-holland-rijnland-startende-leraren",
        "kind": "onz_meeting",
        "title_nl": "ONZ-netwerkbijeenkomst Holland Rijnland: startende leraren begeleiden",
        "title_en": "ONZ network meeting Holland Rijnland: supporting beginning teachers",
        "description_nl": (
            "Bijna een op de vijf leraren verlaat het onderwijs binnen vijf jaar. Schoolopleiders, "
            "teamleiders en coaches van startende leraren wisselen uit hoe hun school de inductie heeft "
            "ingericht en wat werkt. Een ICLON-onderzoeker presenteert kort wat bekend is over goede "
            "begeleiding. Gratis voor scholen van het Onderwijsnetwerk Zuid-Holland."
        ),
        "description_en": (
            "Almost one in five teachers leaves teaching within five years. School-based teacher educators, "
            "team leaders and coaches of beginning teachers exchange how their school has set up induction "
            "and what works. An ICLON researcher briefly presents what is known about good support. Free for "
            "schools of the Onderwijsnetwerk Zuid-Holland."
        ),
        "audiences": ["school_educators", "team_leaders"],
        "principles": ["veilig-en-participerend", "samenwerkend"],
        "region": "holland-rijnland",
        "format": "on_site",
        "hours": 3,
        "award": "nothing",
        "organised_with_research": True,
        "sessions": [
            {"week": 6, "day": "mon", "start": "15:30", "end": "18:00", "capacity": 30, "where": "school", "taken": 6},
            {"week": 33, "day": "mon", "start": "15:30", "end": "18:00", "capacity": 30, "where": "school"},
        ],
    },
    {
        "slug": "onz-haaglanden-anders-organiseren",
        "kind": "onz_meeting",
        "title_nl": "ONZ-netwerkbijeenkomst Haaglanden: onderwijs anders organiseren",
        "title_en": "ONZ network meeting Haaglanden: organising education differently",
        "description_nl": (
            "Door het lerarentekort zoeken scholen naar andere manieren om het onderwijs te organiseren, "
            "bijvoorbeeld met onderwijsassistenten, PAL-studenten of grotere groepen met meer begeleiding. "
            "Twee scholen uit de regio laten zien wat zij hebben geprobeerd; daarna bespreek je in kleine "
            "groepen wat dat vraagt van teams en van de kwaliteit van de lessen."
        ),
        "description_en": (
            "Because of the teacher shortage, schools look for other ways to organise education, for instance "
            "with teaching assistants, PAL student assistants or larger groups with more support. Two schools "
            "from the region show what they tried; then you discuss in small groups what that asks of teams "
            "and of the quality of lessons."
        ),
        "audiences": ["team_leaders", "school_leaders"],
        "principles": ["modulair", "samenwerkend"],
        "region": "haaglanden",
        "format": "on_site",
        "hours": 3,
        "award": "nothing",
        "sessions": [
            {"week": 10, "day": "wed", "start": "15:30", "end": "18:00", "capacity": 30, "where": "school", "taken": 4},
        ],
    },
    {
        "slug": "onz-rijnmond-taalbewust-lesgeven",
        "kind": "onz_meeting",
        "title_nl": "ONZ-netwerkbijeenkomst Rijnmond: taalbewust lesgeven in alle vakken",
        "title_en": "ONZ network meeting Rijnmond: language-aware teaching in every subject",
        "description_nl": (
            "Vakteksten zijn voor veel leerlingen moeilijk, ook bij biologie, economie en aardrijkskunde. Je "
            "leert hoe je de taal van je vak zichtbaar maakt, hoe je leerlingen helpt vakbegrippen te gebruiken "
            "en hoe je schrijfopdrachten ondersteunt. Je gaat aan de slag met een tekst uit je eigen methode."
        ),
        "description_en": (
            "Subject texts are difficult for many pupils, in biology, economics and geography too. You learn "
            "how to make the language of your subject visible, how to help pupils use subject terms and how to "
            "support writing assignments. You work with a text from your own textbook."
        ),
        "audiences": ["teachers_vo"],
        "principles": ["taalbewust", "inclusief"],
        "region": "rijnmond",
        "format": "on_site",
        "hours": 3,
        "award": "nothing",
        "sessions": [
            {"week": 16, "day": "tue", "start": "15:30", "end": "18:00", "capacity": 30, "where": "school", "taken": 3},
        ],
    },
    {
        "slug": "onz-zuid-holland-zuid-pal-studenten",
        "kind": "onz_meeting",
        "title_nl": "ONZ-netwerkbijeenkomst Zuid-Holland Zuid: PAL-studenten inzetten in je school",
        "title_en": "ONZ network meeting Zuid-Holland Zuid: PAL student assistants at your school",
        "description_nl": (
            "PAL-studenten zijn universitaire studenten die leraren ondersteunen: bij huiswerkbegeleiding, "
            "bij het werken met groepjes leerlingen en bij het nakijken. Je hoort hoe scholen hen inzetten, "
            "hoe je een PAL-student aanvraagt via de onderwijsregio en hoe je de begeleiding regelt."
        ),
        "description_en": (
            "PAL student assistants are university students who support teachers: with homework supervision, "
            "working with groups of pupils and marking. You hear how schools deploy them, how to request a PAL "
            "student through the education region and how to arrange their supervision."
        ),
        "audiences": ["teachers_vo", "team_leaders", "school_leaders"],
        "principles": ["samenwerkend"],
        "region": "zuid-holland-zuid",
        "format": "online",
        "hours": 2,
        "award": "nothing",
        "sessions": [
            {"week": 18, "day": "thu", "start": "16:00", "end": "17:30", "capacity": 30, "taken": 2},
        ],
    },
]

# --- Summer school and conference ---------------------------------------------------------------
SUMMER_SCHOOL_AND_CONFERENCE = [
    {
        "slug": "zomerschool-vakinhoud-en-vakdidactiek",
        "kind": "summer_school",
        "title_nl": "Zomerschool vakinhoud en vakdidactiek",
        "title_en": "Summer school on subject content and subject didactics",
        "description_nl": (
            "Drie dagen aan het eind van de zomervakantie, samen met de faculteiten van de Universiteit Leiden. "
            "Elke ochtend een college over nieuw onderzoek in je vakgebied, elke middag een vakdidactische "
            "werkgroep waarin je het vertaalt naar lessen voor de bovenbouw. Voor docenten geschiedenis, "
            "biologie, natuurkunde, wiskunde en Nederlands."
        ),
        "description_en": (
            "Three days at the end of the summer holiday, together with the faculties of Leiden University. "
            "Every morning a lecture on new research in your field, every afternoon a subject-didactics "
            "workshop in which you translate it into lessons for the upper years. For teachers of history, "
            "biology, physics, mathematics and Dutch."
        ),
        "audiences": ["teachers_vo", "teachers_he"],
        "subjects": ["geschiedenis", "biologie", "natuurkunde", "wiskunde", "nederlands"],
        "principles": ["multiperspectivisch", "onderzoekend"],
        "format": "on_site",
        "price": Decimal("650"),
        "onz_price": Decimal("550"),
        "hours": 21,
        "ec": Decimal("1"),
        "cancel_days_before": 28,
        "offer_hours": 72,
        "sessions": [
            {
                "summer": True,
                "start": "09:30",
                "end": "16:30",
                "meetings": 3,
                "every": 1,
                "capacity": 30,
                "onz_places": 8,
                "deadline_days": 42,
                "taken": 6,
            },
        ],
    },
    {
        "slug": "iclon-onderwijsconferentie",
        "kind": "conference",
        "title_nl": "ICLON-onderwijsconferentie: samen opleiden en professionaliseren",
        "title_en": "ICLON education conference: educating and developing teachers together",
        "description_nl": (
            "De jaarlijkse conferentie voor iedereen die in Zuid-Holland leraren opleidt en begeleidt. "
            "Een plenaire lezing over doorlopende leerlijnen van lerarenopleiding naar loopbaan, en twee rondes "
            "met werkplaatsen over onder meer AI, inclusie, curriculumontwikkeling en de leerkringen in de "
            "onderwijsregio's. Met presentaties van scholen en ICLON-onderzoekers."
        ),
        "description_en": (
            "The annual conference for everyone who educates and supports teachers in Zuid-Holland. A keynote "
            "on continuous learning lines from teacher education into a career, and two rounds of workshops on "
            "topics including AI, inclusion, curriculum development and the learning circles in the education "
            "regions. With presentations by schools and ICLON researchers."
        ),
        "audiences": [
            "teachers_po",
            "teachers_vo",
            "teachers_he",
            "school_educators",
            "team_leaders",
            "school_leaders",
        ],
        "principles": ALL_PRINCIPLES,
        "format": "on_site",
        "price": Decimal("125"),
        "onz_price": Decimal("95"),
        "hours": 6,
        "award": "nothing",
        "organised_with_research": True,
        "sessions": [
            # A conference has more places than a workshop: the plenary hall holds 150.
            {
                "week": 24,
                "day": "fri",
                "start": "09:30",
                "end": "16:30",
                "capacity": 150,
                "onz_places": 40,
                "place": "Universiteit Leiden, Lipsius, Cleveringaplaats 1, 2311 BD Leiden",
                "deadline_days": 10,
                "taken": 12,
            },
        ],
    },
]

# --- Learning circles (leerkringen) -------------------------------------------------------------
LEARNING_CIRCLES = [
    {
        "slug": "leerkring-teamleiders-holland-rijnland",
        "kind": "circle_programme",
        "title_nl": "Leerkring teamleiders Holland Rijnland",
        "title_en": "Learning circle for team leaders, Holland Rijnland",
        "description_nl": (
            "Teamleiders van scholen in Holland Rijnland werken een schooljaar lang aan praktijkvragen uit hun "
            "eigen school, zoals het behouden van startende leraren of het inrichten van een sectie-overleg dat "
            "over onderwijs gaat. Elke bijeenkomst staat een vraag van een van de scholen centraal; een "
            "ICLON-onderzoeker brengt kennis uit onderzoek in. Vijf bijeenkomsten, op de scholen zelf."
        ),
        "description_en": (
            "Team leaders of schools in Holland Rijnland work for a school year on practice questions from "
            "their own schools, such as keeping beginning teachers or running department meetings that are "
            "about teaching. Each meeting centres on a question from one of the schools; an ICLON researcher "
            "brings in knowledge from research. Five meetings, held at the schools themselves."
        ),
        "audiences": ["team_leaders"],
        "principles": ["onderzoekend", "samenwerkend"],
        "region": "holland-rijnland",
        "format": "on_site",
        "hours": 15,
        "meetings_required": 4,
        "organised_with_research": True,
        "sessions": [
            {
                "week": 4,
                "day": "tue",
                "start": "15:30",
                "end": "18:00",
                "meetings": 5,
                "every": 42,
                "capacity": 14,
                "where": "school",
                "taken": 6,
            },
        ],
    },
    {
        "slug": "leerkring-schoolleiders-haaglanden",
        "kind": "circle_programme",
        "title_nl": "Leerkring schoolleiders Haaglanden",
        "title_en": "Learning circle for school leaders, Haaglanden",
        "description_nl": (
            "Schoolleiders uit Haaglanden onderzoeken samen hoe hun school een lerende organisatie wordt: hoe "
            "professionalisering van leraren, teamleren en schoolontwikkeling op elkaar aansluiten. Je brengt "
            "een vraag van je eigen school in en werkt die uit met collega's, begeleid door het ICLON en met "
            "inbreng uit onderzoek. Vier bijeenkomsten, deels online."
        ),
        "description_en": (
            "School leaders from Haaglanden examine together how their school becomes a learning "
            "organisation: how teachers' professional development, team learning and school development fit "
            "together. You bring in a question from your own school and work it out with colleagues, guided by "
            "ICLON and with input from research. Four meetings, partly online."
        ),
        "audiences": ["school_leaders"],
        "principles": ["onderzoekend", "doelsysteemgestuurd"],
        "region": "haaglanden",
        "format": "hybrid",
        "hours": 12,
        "meetings_required": 3,
        "organised_with_research": True,
        "sessions": [
            {
                "week": 9,
                "day": "fri",
                "start": "09:30",
                "end": "12:30",
                "meetings": 4,
                "every": 56,
                "capacity": 12,
                "taken": 3,
            },
        ],
    },
    {
        "slug": "leerkring-docenten-engels-rijnmond",
        "kind": "circle_programme",
        "title_nl": "Leerkring docenten Engels Rijnmond",
        "title_en": "Learning circle for teachers of English, Rijnmond",
        "description_nl": (
            "Docenten Engels uit Rijnmond werken aan een gezamenlijke vraag: hoe houd je leerlingen die buiten "
            "school al veel Engels spreken gemotiveerd, zonder de leerlingen te verliezen die dat niet doen? "
            "Vier bijeenkomsten met een vakdidacticus Engels van het ICLON."
        ),
        "description_en": (
            "Teachers of English from Rijnmond work on a shared question: how do you keep pupils who already "
            "speak a lot of English outside school motivated, without losing the pupils who don't? Four "
            "meetings with an English subject-didactics specialist from ICLON."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["engels"],
        "principles": ["adaptief", "taalbewust"],
        "region": "rijnmond",
        "format": "on_site",
        "hours": 12,
        "meetings_required": 3,
        "published": False,
        "sessions": [
            {
                "week": 35,
                "day": "wed",
                "start": "15:30",
                "end": "18:00",
                "meetings": 4,
                "every": 42,
                "capacity": 16,
                "where": "school",
            },
        ],
    },
]
