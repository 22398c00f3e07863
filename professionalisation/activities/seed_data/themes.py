"""Activities on the strategic plan's themes: AI in education, inclusion and world citizenship,
the twelve teaching-learning principles.

Plain data; the package's docstring describes an activity's sessions."""

from decimal import Decimal

from professionalisation.activities.seed_data.common import ALL_PRINCIPLES

# --- AI in education ----------------------------------------------------------------------------
AI_IN_EDUCATION = [
    {
        "slug": "generatieve-ai-in-de-les",
        "kind": "workshop",
        "title_nl": "Generatieve AI in je les: mogelijkheden en grenzen",
        "title_en": "Generative AI in your lessons: possibilities and limits",
        "description_nl": (
            "Leerlingen gebruiken ChatGPT en vergelijkbare programma's al, ook voor hun huiswerk. In deze "
            "workshop probeer je zelf uit wat zulke taalmodellen goed en slecht doen, bespreek je wat dat "
            "betekent voor opdrachten en toetsen in jouw vak en maak je afspraken voor je klas over "
            "verantwoord gebruik. Neem een laptop en een opdracht uit je eigen lessen mee."
        ),
        "description_en": (
            "Pupils already use ChatGPT and similar programs, for their homework too. In this workshop you "
            "try out for yourself what such language models do well and badly, discuss what that means for "
            "assignments and tests in your subject, and draw up agreements on responsible use for your class. "
            "Bring a laptop and an assignment from your own lessons."
        ),
        "audiences": ["teachers_vo"],
        "principles": ["formatief", "zelfregulerend", "taakgestuurd"],
        "format": "on_site",
        "price": Decimal("95"),
        "onz_price": Decimal("0"),
        "hours": 3,
        "sessions": [
            {"week": 5, "day": "wed", "start": "14:30", "end": "17:30", "capacity": 12},
            {"week": 13, "day": "wed", "start": "14:30", "end": "17:30", "capacity": 24, "taken": 6},
            {
                "week": 21,
                "day": "wed",
                "start": "14:30",
                "end": "17:30",
                "capacity": 24,
                "where": "school",
                "region": "rijnmond",
                "onz_places": 4,
            },
        ],
    },
    {
        "slug": "ai-en-toetsing-hoger-onderwijs",
        "kind": "workshop",
        "title_nl": "AI en toetsing in het hoger onderwijs",
        "title_en": "AI and assessment in higher education",
        "description_nl": (
            "Voor docenten van de Universiteit Leiden en hogescholen. Je bekijkt een eigen schrijfopdracht of "
            "tentamen kritisch: wat kan een student met AI-hulp, wat wil je toetsen en hoe richt je de opdracht "
            "zo in dat het leerproces zichtbaar wordt? Met voorbeelden van opleidingen die hun toetsing al "
            "hebben aangepast."
        ),
        "description_en": (
            "For teachers at Leiden University and universities of applied sciences. You take a critical look "
            "at one of your own writing assignments or exams: what can a student do with AI, what do you want "
            "to assess, and how do you set up the assignment so that the learning process becomes visible? "
            "With examples from programmes that have already adapted their assessment."
        ),
        "audiences": ["teachers_he"],
        "principles": ["formatief", "zelfregulerend"],
        "format": "online",
        "hours": 3,
        "published": False,
        "sessions": [
            {"week": 17, "day": "fri", "start": "10:00", "end": "12:30", "capacity": 30},
        ],
    },
    {
        "slug": "ai-in-het-onderwijs",
        "kind": "course",
        "title_nl": "AI in het onderwijs: ontwerpen, begeleiden en toetsen met generatieve AI",
        "title_en": "AI in education: designing, guiding and assessing with generative AI",
        "description_nl": (
            "Een cursus van drie bijeenkomsten voor docenten die verder willen dan een eerste kennismaking "
            "met generatieve AI. Je leert hoe taalmodellen werken en waar hun grenzen liggen (betrouwbaarheid, "
            "privacy, vooroordelen), ontwerpt een lessenreeks voor je eigen vak waarin leerlingen AI "
            "doelgericht en verantwoord gebruiken, en past een opdracht of toets zo aan dat het leerproces "
            "zichtbaar blijft. Tussen de bijeenkomsten probeer je je ontwerp uit in je klas. Je rondt af met "
            "de lessenreeks en een verantwoording, die een lerarenopleider van het ICLON beoordeelt; "
            "daarvoor ontvang je een microcredential (1 EC)."
        ),
        "description_en": (
            "A course of three meetings for teachers who want to go beyond a first acquaintance with "
            "generative AI. You learn how language models work and where their limits lie (reliability, "
            "privacy, bias), design a series of lessons for your own subject in which pupils use AI "
            "purposefully and responsibly, and adapt an assignment or test so that the learning process stays "
            "visible. Between the meetings you try your design out in class. You finish with the series of "
            "lessons and a rationale, assessed by a teacher educator of ICLON, for which you receive a "
            "microcredential (1 EC)."
        ),
        "audiences": ["teachers_vo", "school_educators"],
        "principles": ["taakgestuurd", "zelfregulerend", "formatief", "onderzoekend"],
        "format": "on_site",
        "price": Decimal("595"),
        "onz_price": Decimal("475"),
        "hours": 28,
        "ec": Decimal("1"),
        "award": "microcredential",
        "assignment_required": True,
        # The elements of the EU recommendation on microcredentials that the activity does not hold
        # (professionalisation/credentials/demo.py makes its MicrocredentialSpec from them).
        "microcredential": {
            "eqf_level": 6,
            "assessment": "assignment",
            "outcomes_nl": [
                "De deelnemer legt uit hoe generatieve taalmodellen werken en wat dat betekent voor hun "
                "betrouwbaarheid, voor privacy en voor vooroordelen in wat ze maken.",
                "De deelnemer ontwerpt voor het eigen vak een lessenreeks waarin leerlingen generatieve AI "
                "doelgericht en verantwoord gebruiken.",
                "De deelnemer past een opdracht of toets zo aan dat het leerproces van leerlingen zichtbaar "
                "blijft wanneer zij AI kunnen gebruiken.",
                "De deelnemer onderbouwt de ontwerpkeuzes met onderzoek en met de afspraken over AI van de "
                "eigen school.",
            ],
            "outcomes_en": [
                "The participant explains how generative language models work and what that means for their "
                "reliability, for privacy and for bias in what they produce.",
                "The participant designs a series of lessons for their own subject in which pupils use "
                "generative AI purposefully and responsibly.",
                "The participant adapts an assignment or test so that pupils' learning process stays visible "
                "when they can use AI.",
                "The participant underpins the design choices with research and with their own school's "
                "agreements on AI.",
            ],
        },
        "sessions": [
            {
                "week": 16,
                "day": "thu",
                "start": "15:30",
                "end": "18:30",
                "meetings": 3,
                "every": 21,
                "capacity": 20,
                "onz_places": 5,
            },
        ],
    },
]

# --- Inclusion and world citizenship ------------------------------------------------------------
INCLUSION_AND_WORLD_CITIZENSHIP = [
    {
        "slug": "inclusief-lesgeven",
        "kind": "course",
        "title_nl": "Inclusief lesgeven: iedere leerling hoort erbij",
        "title_en": "Inclusive teaching: every pupil belongs",
        "description_nl": (
            "Hoe zorg je dat leerlingen met verschillende achtergronden, talen en ondersteuningsbehoeften "
            "zich gezien voelen en meedoen? In vier bijeenkomsten werk je aan een veilig klassenklimaat, "
            "aan lesmateriaal waarin leerlingen zich herkennen en aan gesprekken over gevoelige onderwerpen. "
            "De cursus is ontwikkeld met ICLON-onderzoekers naar diversiteit en inclusie."
        ),
        "description_en": (
            "How do you make sure that pupils of different backgrounds, languages and support needs feel seen "
            "and take part? In four meetings you work on a safe classroom climate, on teaching materials in "
            "which pupils recognise themselves and on conversations about sensitive subjects. The course was "
            "developed with ICLON researchers on diversity and inclusion."
        ),
        "audiences": ["teachers_vo", "teachers_po"],
        "principles": ["inclusief", "veilig-en-participerend", "adaptief"],
        "format": "on_site",
        "price": Decimal("595"),
        "onz_price": Decimal("495"),
        "hours": 20,
        "meetings_required": 3,
        "organised_with_research": True,
        "sessions": [
            {"week": 12, "day": "mon", "start": "15:30", "end": "18:00", "meetings": 4, "capacity": 24, "taken": 5},
            {
                "week": 15,
                "day": "tue",
                "start": "15:30",
                "end": "18:00",
                "meetings": 4,
                "capacity": 20,
                "where": "school",
                "region": "haaglanden",
            },
        ],
    },
    {
        "slug": "vormen-tot-wereldburger",
        "kind": "workshop",
        "title_nl": "Vormen tot wereldburger: burgerschap in je vak",
        "title_en": "Educating world citizens: citizenship in your subject",
        "description_nl": (
            "Scholen moeten burgerschap een plaats geven in het onderwijs, maar wat betekent dat voor jouw vak? "
            "Aan de hand van actuele kwesties zoals klimaat en migratie oefen je met het bespreken van "
            "verschillende perspectieven en met het voeren van een open gesprek in de klas. Voor docenten van "
            "alle vakken, in het bijzonder van de mens- en maatschappijvakken."
        ),
        "description_en": (
            "Schools have to give citizenship a place in their teaching, but what does that mean for your "
            "subject? Using current issues such as climate and migration, you practise discussing different "
            "perspectives and holding an open conversation in class. For teachers of every subject, the social "
            "sciences and humanities in particular."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["geschiedenis", "maatschappijleer", "filosofie", "godsdienst"],
        "principles": ["multiperspectivisch", "veilig-en-participerend"],
        "format": "on_site",
        "price": Decimal("195"),
        "onz_price": Decimal("150"),
        "hours": 4,
        "sessions": [
            {"week": 19, "day": "thu", "start": "14:00", "end": "17:00", "capacity": 20, "taken": 4},
        ],
    },
]

# --- The twelve teaching-learning principles ----------------------------------------------------
TEACHING_LEARNING_PRINCIPLES = [
    {
        "slug": "twaalf-onderwijsleerprincipes",
        "kind": "course",
        "title_nl": "Ontwerpen met de twaalf onderwijsleerprincipes",
        "title_en": "Designing lessons with the twelve teaching-learning principles",
        "description_nl": (
            "Het ICLON vat onderzoek naar leren samen in twaalf onderwijsleerprincipes, van adaptief tot "
            "zelfregulerend. In vier bijeenkomsten leer je ze kennen en gebruik je ze om een lessenserie te "
            "analyseren en te verbeteren. Je sluit af met een herontwerp dat je uitprobeert en onderbouwt; "
            "daarvoor ontvang je een microcredential."
        ),
        "description_en": (
            "ICLON sums up research on learning in twelve teaching-learning principles, from adaptive to "
            "self-regulated. In four meetings you get to know them and use them to analyse and improve a "
            "series of lessons. You finish with a redesign that you try out and justify, for which you "
            "receive a microcredential."
        ),
        "audiences": ["teachers_vo", "teachers_po", "school_educators"],
        "principles": ALL_PRINCIPLES,
        "format": "hybrid",
        "price": Decimal("695"),
        "onz_price": Decimal("575"),
        "hours": 28,
        "ec": Decimal("1"),
        "award": "microcredential",
        "meetings_required": 3,
        "assignment_required": True,
        "sessions": [
            {
                "week": 11,
                "day": "thu",
                "start": "15:30",
                "end": "18:30",
                "meetings": 4,
                "every": 21,
                "capacity": 24,
                "taken": 5,
            },
            {"week": 37, "day": "thu", "start": "15:30", "end": "18:30", "meetings": 4, "every": 21, "capacity": 24},
        ],
    },
]
