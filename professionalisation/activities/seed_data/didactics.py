"""Activities on subject didactics (vakdidactiek), general didactics and curriculum development.

Plain data; the package's docstring describes an activity's sessions."""

from decimal import Decimal

# --- Subject didactics (vakdidactiek) -----------------------------------------------------------
SUBJECT_DIDACTICS = [
    {
        "slug": "historisch-redeneren-bovenbouw",
        "kind": "course",
        "title_nl": "Historisch redeneren in de bovenbouw",
        "title_en": "Historical reasoning in the upper years",
        "description_nl": (
            "Leerlingen in havo 4 en vwo 4 kennen veel feiten, maar vinden het lastig om een historische "
            "vraag te beantwoorden met bronnen. In drie bijeenkomsten werk je met het model voor historisch "
            "redeneren: vragen stellen, contextualiseren, veranderingen en oorzaken verklaren en "
            "argumenteren met bronnen. Je ontwerpt een lessenserie voor je eigen klas, probeert die uit "
            "tussen de bijeenkomsten en bespreekt het werk van leerlingen met collega's."
        ),
        "description_en": (
            "Pupils in the fourth year of havo and vwo know many facts but find it hard to answer a "
            "historical question with sources. In three meetings you work with the model of historical "
            "reasoning: asking questions, contextualising, explaining change and causes, and arguing "
            "with sources. You design a series of lessons for your own class, try it out between the "
            "meetings and discuss your pupils' work with colleagues."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["geschiedenis"],
        "principles": ["multiperspectivisch", "onderzoekend", "taalbewust"],
        "format": "on_site",
        "price": Decimal("495"),
        "onz_price": Decimal("395"),
        "hours": 12,
        "sessions": [
            {
                "week": 8,
                "day": "wed",
                "start": "15:30",
                "end": "18:30",
                "meetings": 3,
                "every": 21,
                "capacity": 20,
                "onz_places": 4,
                "taken": 8,
            },
        ],
    },
    {
        "slug": "wiskundige-denkactiviteiten",
        "kind": "workshop",
        "title_nl": "Wiskundige denkactiviteiten in de onderbouw",
        "title_en": "Mathematical thinking activities in the lower years",
        "description_nl": (
            "Het examenprogramma vraagt dat leerlingen modelleren, abstraheren en logisch redeneren. Hoe "
            "oefen je dat al in de brugklas? In deze workshop probeer je opgaven uit die denkactiviteiten "
            "uitlokken, bespreek je hoe je hulp geeft zonder het denkwerk over te nemen en herschrijf je "
            "een opgave uit je eigen methode."
        ),
        "description_en": (
            "The examination programme asks pupils to model, abstract and reason logically. How do you "
            "practise that from the first year? In this workshop you try out problems that provoke "
            "mathematical thinking, discuss how to help without taking the thinking over, and rewrite a "
            "problem from your own textbook."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["wiskunde"],
        "principles": ["onderzoekend", "doelsysteemgestuurd", "adaptief"],
        "format": "on_site",
        "price": Decimal("195"),
        "onz_price": Decimal("150"),
        "hours": 4,
        "sessions": [
            {"week": 6, "day": "tue", "start": "15:00", "end": "18:00", "capacity": 14},
            {
                "week": 30,
                "day": "tue",
                "start": "15:00",
                "end": "18:00",
                "capacity": 20,
                "where": "school",
                "region": "haaglanden",
                "taken": 5,
            },
        ],
    },
    {
        "slug": "doeltaal-voertaal-mvt",
        "kind": "course",
        "title_nl": "Doeltaal is voertaal bij Frans, Duits, Spaans en Engels",
        "title_en": "Teaching in the target language: French, German, Spanish and English",
        "description_nl": (
            "Je wilt je lessen zoveel mogelijk in de doeltaal geven, maar leerlingen haken af of vallen "
            "terug op het Nederlands. In vier bijeenkomsten leer je technieken om de doeltaal begrijpelijk "
            "te maken, leerlingen zelf in de doeltaal aan het woord te krijgen en taken te ontwerpen die "
            "om echte communicatie vragen. Tussen de bijeenkomsten film je een lesfragment en bespreek je "
            "het in een kleine groep."
        ),
        "description_en": (
            "You want to teach in the target language as much as you can, but pupils lose interest or "
            "fall back on Dutch. In four meetings you learn techniques to make the target language "
            "understandable, to get pupils speaking it themselves, and to design tasks that call for real "
            "communication. Between meetings you film part of a lesson and discuss it in a small group."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["frans", "duits", "spaans", "engels"],
        "principles": ["taalbewust", "taakgestuurd", "veilig-en-participerend"],
        "format": "hybrid",
        "price": Decimal("595"),
        "onz_price": Decimal("495"),
        "hours": 16,
        "meetings_required": 3,
        "sessions": [
            {
                "week": 7,
                "day": "thu",
                "start": "16:00",
                "end": "18:30",
                "meetings": 4,
                "every": 21,
                "capacity": 24,
                "onz_places": 6,
                "taken": 6,
            },
        ],
    },
    {
        "slug": "onderzoekend-leren-betavakken",
        "kind": "workshop",
        "title_nl": "Onderzoekend leren bij biologie, scheikunde en natuurkunde",
        "title_en": "Inquiry-based learning in biology, chemistry and physics",
        "description_nl": (
            "Een practicum volgens een stappenplan levert weinig onderzoeksvaardigheid op. In deze workshop "
            "zet je een bestaand practicum om in een open onderzoek: leerlingen formuleren een onderzoeksvraag, "
            "kiezen een meetmethode en verantwoorden hun conclusie. Je werkt in het practicumlokaal van het "
            "ICLON en neemt een uitgewerkte opdracht mee naar school."
        ),
        "description_en": (
            "A practical that follows a recipe teaches little about doing research. In this workshop you "
            "turn an existing practical into an open investigation: pupils formulate a research question, "
            "choose a way of measuring and justify their conclusion. You work in ICLON's laboratory "
            "classroom and take a finished assignment back to school."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["biologie", "scheikunde", "natuurkunde"],
        "principles": ["onderzoekend", "samenwerkend"],
        "format": "on_site",
        "price": Decimal("195"),
        "onz_price": Decimal("150"),
        "hours": 4,
        "sessions": [
            {"week": 11, "day": "wed", "start": "14:00", "end": "17:00", "capacity": 16, "taken": 4},
            {"week": 43, "day": "wed", "start": "14:00", "end": "17:00", "capacity": 16},
        ],
    },
    {
        "slug": "lezen-en-literatuur-nederlands",
        "kind": "course",
        "title_nl": "Leesvaardigheid en literatuuronderwijs bij Nederlands",
        "title_en": "Reading comprehension and literature in Dutch lessons",
        "description_nl": (
            "Leerlingen lezen minder en begrijpen teksten slechter dan tien jaar geleden. In drie bijeenkomsten "
            "verbind je leesvaardigheid en literatuuronderwijs: je kiest rijke teksten, laat leerlingen hardop "
            "denken bij het lezen en voert literaire gesprekken in de klas. Je bouwt een leesdossier op dat je "
            "direct in je lessen kunt gebruiken."
        ),
        "description_en": (
            "Pupils read less, and understand texts less well, than ten years ago. In three meetings you "
            "connect reading comprehension and the teaching of literature: you choose rich texts, let pupils "
            "think aloud while reading and hold literary conversations in class. You build a reading file "
            "that you can use in your lessons straight away."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["nederlands"],
        "principles": ["taalbewust", "multiperspectivisch", "samenwerkend"],
        "format": "on_site",
        "price": Decimal("495"),
        "onz_price": Decimal("395"),
        "hours": 12,
        "sessions": [
            {"week": 9, "day": "mon", "start": "15:30", "end": "18:30", "meetings": 3, "capacity": 20, "taken": 3},
            {
                "week": 36,
                "day": "mon",
                "start": "15:30",
                "end": "18:30",
                "meetings": 3,
                "capacity": 20,
                "where": "school",
                "region": "rijnmond",
            },
        ],
    },
    {
        "slug": "vertalen-en-interpreteren-klassieke-talen",
        "kind": "workshop",
        "title_nl": "Vertalen en interpreteren bij Grieks en Latijn",
        "title_en": "Translating and interpreting in Greek and Latin",
        "description_nl": (
            "Online avond voor docenten klassieke talen over de nieuwe eindtermen. Je bespreekt hoe je "
            "vertalen en interpreteren in samenhang oefent, met voorbeelden uit Vergilius en Herodotus, en "
            "je wisselt opdrachten uit met collega's van andere scholen."
        ),
        "description_en": (
            "An online evening for teachers of classics on the new attainment targets. You discuss how to "
            "practise translating and interpreting together, with examples from Virgil and Herodotus, and "
            "exchange assignments with colleagues from other schools."
        ),
        "audiences": ["teachers_vo"],
        "subjects": ["klassieke-talen"],
        "principles": ["multiperspectivisch", "taalbewust"],
        "format": "online",
        "price": Decimal("95"),
        "hours": 3,
        "sessions": [
            {"week": 14, "day": "thu", "start": "19:30", "end": "21:30", "capacity": 30, "taken": 2},
        ],
    },
]

# --- General didactics --------------------------------------------------------------------------
GENERAL_DIDACTICS = [
    {
        "slug": "formatief-handelen",
        "kind": "course",
        "title_nl": "Formatief handelen in de les",
        "title_en": "Formative assessment in the classroom",
        "description_nl": (
            "Wat weten je leerlingen al, en wat doe je met die informatie? In drie bijeenkomsten werk je met "
            "de vijf strategieën van formatief handelen: leerdoelen verhelderen, bewijs van leren verzamelen, "
            "feedback geven, leerlingen elkaars werk laten beoordelen en leerlingen hun eigen leren laten "
            "sturen. Tussen de bijeenkomsten probeer je een strategie uit in je eigen klas."
        ),
        "description_en": (
            "What do your pupils know already, and what do you do with that information? In three meetings "
            "you work with the five strategies of formative assessment: clarifying learning goals, gathering "
            "evidence of learning, giving feedback, letting pupils assess each other's work, and letting "
            "pupils steer their own learning. Between meetings you try a strategy out in your own class."
        ),
        "audiences": ["teachers_vo", "teachers_po"],
        "principles": ["formatief", "zelfregulerend", "adaptief"],
        "format": "on_site",
        "price": Decimal("495"),
        "onz_price": Decimal("395"),
        "hours": 12,
        "sessions": [
            {
                "week": 10,
                "day": "tue",
                "start": "15:30",
                "end": "18:00",
                "meetings": 3,
                "capacity": 24,
                "onz_places": 6,
                "taken": 9,
            },
            {
                "week": 32,
                "day": "tue",
                "start": "15:30",
                "end": "18:00",
                "meetings": 3,
                "capacity": 24,
                "where": "school",
                "region": "rijnmond",
                "taken": 4,
            },
        ],
    },
    {
        "slug": "differentieren-in-de-les",
        "kind": "workshop",
        "title_nl": "Differentiëren: afstemmen op verschillen tussen leerlingen",
        "title_en": "Differentiation: responding to differences between pupils",
        "description_nl": (
            "In elke klas zitten leerlingen die meer uitdaging nodig hebben en leerlingen die meer steun "
            "nodig hebben. In deze workshop oefen je met convergente differentiatie: een gezamenlijk doel, "
            "verlengde instructie voor wie dat nodig heeft en verrijking voor wie verder kan. Je gaat naar "
            "huis met een lesopzet die je de week erna kunt geven."
        ),
        "description_en": (
            "Every class has pupils who need more challenge and pupils who need more support. In this "
            "workshop you practise convergent differentiation: a common goal, extended instruction for "
            "those who need it and enrichment for those who can go further. You leave with a lesson plan "
            "you can teach the week after."
        ),
        "audiences": ["teachers_vo"],
        "principles": ["adaptief", "inclusief", "formatief"],
        "format": "on_site",
        "price": Decimal("195"),
        "onz_price": Decimal("150"),
        "hours": 4,
        "offer_hours": 72,
        "sessions": [
            {"week": 8, "day": "thu", "start": "15:00", "end": "18:00", "capacity": 12},
            {
                "week": 27,
                "day": "thu",
                "start": "15:00",
                "end": "18:00",
                "capacity": 20,
                "where": "school",
                "region": "zuid-holland-zuid",
                "taken": 3,
            },
        ],
    },
]

# --- Curriculum development ---------------------------------------------------------------------
CURRICULUM_DEVELOPMENT = [
    {
        "slug": "curriculumontwikkeling-in-de-school",
        "kind": "trajectory",
        "title_nl": "Curriculumontwikkeling in de school: van visie naar leerlijn",
        "title_en": "Curriculum development in school: from vision to learning line",
        "description_nl": (
            "Je sectie of team wil het onderwijs vernieuwen, bijvoorbeeld naar aanleiding van de nieuwe "
            "kerndoelen. In dit traject van zes bijeenkomsten leer je een curriculum ontwerpen dat samenhangt: "
            "van visie en doelen via een leerlijn naar lessen en toetsing. Je werkt aan een ontwerpvraag van je "
            "eigen school, die je met een collega inbrengt. Je rondt af met een ontwerp en een verantwoording, "
            "die je presenteert aan je team. Het traject hoort bij het ontwikkelpad curriculumdeskundige."
        ),
        "description_en": (
            "Your department or team wants to renew its teaching, for instance because of the new core "
            "objectives. In this trajectory of six meetings you learn to design a coherent curriculum: from "
            "vision and goals through a learning line to lessons and assessment. You work on a design question "
            "from your own school, brought in together with a colleague. You finish with a design and its "
            "rationale, which you present to your team. The trajectory belongs to the development path "
            "curriculum expert."
        ),
        "audiences": ["teachers_vo", "team_leaders"],
        "principles": ["doelsysteemgestuurd", "modulair", "samenwerkend"],
        "format": "hybrid",
        "price": Decimal("1450"),
        "onz_price": Decimal("1250"),
        "hours": 84,
        "ec": Decimal("3"),
        "award": "microcredential",
        "meetings_required": 5,
        "assignment_required": True,
        "cancel_days_before": 21,
        "sessions": [
            {
                "week": 7,
                "day": "mon",
                "start": "13:30",
                "end": "17:00",
                "meetings": 6,
                "every": 21,
                "capacity": 20,
                "onz_places": 6,
                "taken": 7,
            },
            {
                "week": 40,
                "day": "mon",
                "start": "13:30",
                "end": "17:00",
                "meetings": 6,
                "every": 21,
                "capacity": 20,
                "onz_places": 6,
            },
        ],
    },
]
