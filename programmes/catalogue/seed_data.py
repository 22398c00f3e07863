"""ICLON's catalogue of routes into teaching, as DOMAIN.md describes it (for seed_demo).

The facts (subjects, EC, modes, start months, deadlines) are ICLON's; the relatedness table is a
plausible one: ICLON's admission committee decides per applicant.
"""

from programmes.catalogue.contact import STUDENT_DESK

# (slug, Dutch name, English name, domain, shortage subject)
SUBJECTS = [
    ("nederlands", "Nederlands", "Dutch", "alfa", True),
    ("engels", "Engels", "English", "alfa", False),
    ("frans", "Frans", "French", "alfa", True),
    ("duits", "Duits", "German", "alfa", True),
    ("spaans", "Spaans", "Spanish", "alfa", False),
    ("klassieke-talen", "Klassieke talen (Grieks en Latijn)", "Classics (Greek and Latin)", "alfa", True),
    ("chinese-taal-en-cultuur", "Chinese taal en cultuur", "Chinese language and culture", "alfa", False),
    ("biologie", "Biologie", "Biology", "beta", False),
    ("scheikunde", "Scheikunde", "Chemistry", "beta", True),
    ("natuurkunde", "Natuurkunde", "Physics", "beta", True),
    ("wiskunde", "Wiskunde", "Mathematics", "beta", True),
    ("informatica", "Informatica", "Computer science", "beta", True),
    ("geschiedenis", "Geschiedenis en staatsinrichting", "History and civics", "gamma", False),
    ("filosofie", "Filosofie", "Philosophy", "gamma", False),
    ("godsdienst", "Godsdienst en levensbeschouwing", "Religion and worldview", "gamma", False),
    (
        "maatschappijleer",
        "Maatschappijleer en maatschappijwetenschappen",
        "Social studies and social sciences",
        "gamma",
        False,
    ),
    ("kunst", "Kunst (kunstgeschiedenis en CKV)", "Art (art history and cultural education)", "gamma", False),
    ("economie", "Economie", "Economics", "gamma", False),
    ("bedrijfseconomie", "Bedrijfseconomie", "Business economics", "gamma", False),
]

# (slug, Dutch name, English name)
DEGREE_FIELDS = [
    ("biologie", "Biologie", "Biology"),
    ("biomedische-wetenschappen", "Biomedische wetenschappen", "Biomedical sciences"),
    ("life-science-and-technology", "Life Science and Technology", "Life Science and Technology"),
    ("geneeskunde", "Geneeskunde", "Medicine"),
    ("scheikunde", "Scheikunde", "Chemistry"),
    ("molecular-science", "Molecular Science and Technology", "Molecular Science and Technology"),
    ("farmacie", "Farmacie", "Pharmacy"),
    ("natuurkunde", "Natuurkunde", "Physics"),
    ("sterrenkunde", "Sterrenkunde", "Astronomy"),
    ("technische-natuurkunde", "Technische natuurkunde", "Applied physics"),
    ("wiskunde", "Wiskunde", "Mathematics"),
    ("econometrie", "Econometrie", "Econometrics"),
    ("informatica", "Informatica", "Computer science"),
    ("elektrotechniek", "Elektrotechniek", "Electrical engineering"),
    ("werktuigbouwkunde", "Werktuigbouwkunde", "Mechanical engineering"),
    ("nederlandse-taal-en-cultuur", "Nederlandse taal en cultuur", "Dutch language and culture"),
    ("engelse-taal-en-cultuur", "Engelse taal en cultuur", "English language and culture"),
    ("franse-taal-en-cultuur", "Franse taal en cultuur", "French language and culture"),
    ("duitse-taal-en-cultuur", "Duitse taal en cultuur", "German language and culture"),
    ("latijns-amerikastudies", "Latijns-Amerikastudies", "Latin American studies"),
    ("griekse-en-latijnse-taal-en-cultuur", "Griekse en Latijnse taal en cultuur", "Classics"),
    ("chinastudies", "Chinastudies", "Chinese studies"),
    ("taalwetenschap", "Taalwetenschap", "Linguistics"),
    ("geschiedenis", "Geschiedenis", "History"),
    ("wijsbegeerte", "Wijsbegeerte", "Philosophy"),
    ("religiewetenschappen", "Religiewetenschappen", "Religious studies"),
    ("theologie", "Theologie", "Theology"),
    ("politicologie", "Politicologie", "Political science"),
    ("sociologie", "Sociologie", "Sociology"),
    ("culturele-antropologie", "Culturele antropologie", "Cultural anthropology"),
    ("bestuurskunde", "Bestuurskunde", "Public administration"),
    ("rechtsgeleerdheid", "Rechtsgeleerdheid", "Law"),
    ("economie", "Economie", "Economics"),
    ("bedrijfskunde", "Bedrijfskunde", "Business administration"),
    ("kunstgeschiedenis", "Kunstgeschiedenis", "Art history"),
    ("pedagogische-wetenschappen", "Pedagogische wetenschappen", "Education and child studies"),
    ("psychologie", "Psychologie", "Psychology"),
    ("aardwetenschappen", "Aardwetenschappen", "Earth sciences"),
    ("liberal-arts-and-sciences", "Liberal Arts and Sciences", "Liberal Arts and Sciences"),
]

# subject → (directly related degree fields, fields related after deficiency courses); any other
# field is not related.
RELATEDNESS = {
    "nederlands": (
        ["nederlandse-taal-en-cultuur"],
        ["taalwetenschap", "engelse-taal-en-cultuur", "duitse-taal-en-cultuur"],
    ),
    "engels": (["engelse-taal-en-cultuur"], ["taalwetenschap", "liberal-arts-and-sciences"]),
    "frans": (["franse-taal-en-cultuur"], ["taalwetenschap", "latijns-amerikastudies"]),
    "duits": (["duitse-taal-en-cultuur"], ["taalwetenschap", "nederlandse-taal-en-cultuur"]),
    "spaans": (["latijns-amerikastudies"], ["taalwetenschap", "franse-taal-en-cultuur"]),
    "klassieke-talen": (["griekse-en-latijnse-taal-en-cultuur"], ["geschiedenis", "wijsbegeerte"]),
    "chinese-taal-en-cultuur": (["chinastudies"], ["taalwetenschap"]),
    "biologie": (
        ["biologie", "biomedische-wetenschappen", "life-science-and-technology"],
        ["geneeskunde", "farmacie", "aardwetenschappen", "scheikunde"],
    ),
    "scheikunde": (["scheikunde", "molecular-science"], ["farmacie", "life-science-and-technology", "natuurkunde"]),
    "natuurkunde": (
        ["natuurkunde", "sterrenkunde", "technische-natuurkunde"],
        ["wiskunde", "elektrotechniek", "werktuigbouwkunde"],
    ),
    "wiskunde": (
        ["wiskunde", "econometrie"],
        ["natuurkunde", "sterrenkunde", "informatica", "technische-natuurkunde", "elektrotechniek"],
    ),
    "informatica": (["informatica"], ["wiskunde", "elektrotechniek", "econometrie"]),
    "geschiedenis": (
        ["geschiedenis"],
        ["politicologie", "kunstgeschiedenis", "culturele-antropologie", "religiewetenschappen"],
    ),
    "filosofie": (["wijsbegeerte"], ["theologie", "religiewetenschappen", "liberal-arts-and-sciences"]),
    "godsdienst": (["theologie", "religiewetenschappen"], ["wijsbegeerte", "culturele-antropologie"]),
    "maatschappijleer": (
        ["politicologie", "sociologie", "culturele-antropologie", "bestuurskunde"],
        ["rechtsgeleerdheid", "pedagogische-wetenschappen", "psychologie", "geschiedenis"],
    ),
    "kunst": (["kunstgeschiedenis"], ["geschiedenis", "culturele-antropologie", "liberal-arts-and-sciences"]),
    "economie": (["economie", "econometrie"], ["bedrijfskunde", "bestuurskunde", "wiskunde"]),
    "bedrijfseconomie": (["bedrijfskunde", "economie"], ["econometrie", "rechtsgeleerdheid"]),
}

# (slug, subject, provider, Dutch name, English name, EC): Alfa4all for languages, Bèta4all for sciences.
DEFICIENCY_COURSES = [
    ("alfa4all-nederlandse-taalkunde", "nederlands", "alfa4all", "Nederlandse taalkunde", "Dutch linguistics", 5),
    ("alfa4all-nederlandse-letterkunde", "nederlands", "alfa4all", "Nederlandse letterkunde", "Dutch literature", 5),
    ("alfa4all-engelse-taalkunde", "engels", "alfa4all", "Engelse taalkunde", "English linguistics", 5),
    ("alfa4all-engelse-letterkunde", "engels", "alfa4all", "Engelse letterkunde", "English literature", 5),
    ("alfa4all-franse-taalvaardigheid", "frans", "alfa4all", "Franse taalvaardigheid", "French language skills", 10),
    ("alfa4all-franse-letterkunde", "frans", "alfa4all", "Franse letterkunde", "French literature", 5),
    ("alfa4all-duitse-taalvaardigheid", "duits", "alfa4all", "Duitse taalvaardigheid", "German language skills", 10),
    ("alfa4all-duitse-letterkunde", "duits", "alfa4all", "Duitse letterkunde", "German literature", 5),
    (
        "alfa4all-spaanse-taalvaardigheid",
        "spaans",
        "alfa4all",
        "Spaanse taalvaardigheid",
        "Spanish language skills",
        10,
    ),
    ("alfa4all-latijn", "klassieke-talen", "alfa4all", "Latijn", "Latin", 10),
    (
        "alfa4all-chinese-taalvaardigheid",
        "chinese-taal-en-cultuur",
        "alfa4all",
        "Chinese taalvaardigheid",
        "Chinese language skills",
        10,
    ),
    (
        "beta4all-celbiologie-en-genetica",
        "biologie",
        "beta4all",
        "Celbiologie en genetica",
        "Cell biology and genetics",
        5,
    ),
    ("beta4all-ecologie-en-evolutie", "biologie", "beta4all", "Ecologie en evolutie", "Ecology and evolution", 5),
    ("beta4all-organische-chemie", "scheikunde", "beta4all", "Organische chemie", "Organic chemistry", 5),
    ("beta4all-fysische-chemie", "scheikunde", "beta4all", "Fysische chemie", "Physical chemistry", 5),
    ("beta4all-mechanica", "natuurkunde", "beta4all", "Mechanica", "Mechanics", 5),
    ("beta4all-elektromagnetisme", "natuurkunde", "beta4all", "Elektromagnetisme", "Electromagnetism", 5),
    ("beta4all-analyse", "wiskunde", "beta4all", "Analyse", "Calculus", 5),
    ("beta4all-lineaire-algebra", "wiskunde", "beta4all", "Lineaire algebra", "Linear algebra", 5),
    ("beta4all-programmeren", "informatica", "beta4all", "Programmeren", "Programming", 5),
    (
        "beta4all-datastructuren",
        "informatica",
        "beta4all",
        "Datastructuren en algoritmen",
        "Data structures and algorithms",
        5,
    ),
]

QUALIFICATIONS = [
    (
        "eerstegraads",
        "first_degree",
        "vo",
        "Eerstegraads bevoegdheid",
        "First-degree teaching qualification",
        "Lesgeven in alle klassen van havo, vwo en vmbo, en in het mbo.",
        "Teach every year of secondary education (havo, vwo, vmbo) and in vocational education (mbo).",
        3,
    ),
    (
        "tweedegraads-beperkt",
        "second_degree",
        "vo",
        "Beperkte tweedegraads bevoegdheid",
        "Limited second-degree teaching qualification",
        "Lesgeven in de onderbouw van havo en vwo en in het vmbo-tl.",
        "Teach the lower years of havo and vwo and vmbo-tl.",
        2,
    ),
    (
        "primair-onderwijs",
        "primary",
        "po",
        "Bevoegdheid primair onderwijs",
        "Primary-school qualification",
        "Lesgeven in het basisonderwijs.",
        "Teach in primary education.",
        1,
    ),
]

LANGUAGE_SUBJECTS_TWO_YEAR = ["nederlands", "engels", "frans", "duits", "godsdienst"]
SCIENCE_SUBJECTS = ["biologie", "scheikunde", "natuurkunde", "wiskunde", "informatica"]
ALL_SUBJECTS = [slug for slug, *_rest in SUBJECTS]

MASTER_MODULES = [
    ("Leren en instructie", "Learning and instruction", "basic", 5),
    ("Pedagogiek en ontwikkeling", "Pedagogy and development", "basic", 5),
    ("Vakdidactiek 1", "Subject pedagogy 1", "basic", 10),
    ("Praktijk 1: leren op de werkplek", "Practice 1: learning at the workplace", "basic", 15),
    ("Vakdidactiek 2", "Subject pedagogy 2", "advanced", 5),
    ("Praktijk 2: zelfstandig lesgeven", "Practice 2: teaching independently", "advanced", 15),
    ("Praktijkgericht onderzoek", "Practice-based research", "advanced", 5),
]
MODULE_30_EC = [
    ("Leren en instructie", "Learning and instruction", "basic", 5),
    ("Vakdidactiek", "Subject pedagogy", "basic", 5),
    ("Pedagogiek en ontwikkeling", "Pedagogy and development", "basic", 5),
    ("Praktijk: leren op de werkplek", "Practice: learning at the workplace", "basic", 15),
]

# The programmes and their pathways. Start months: (start month, deadline month, deadline day);
# a deadline month after the start month lies in the year before the start.
FITS, MASTER_FIRST, IN_MASTER, PREMASTER = "fits", "master_first", "in_master", "premaster"
UNIVERSITY_GRADUATE = {"wo_master": FITS, "phd": FITS}

# The links of the deficiency courses' providers (free online courses).
DEFICIENCY_PROVIDER_URLS = {"alfa4all": "https://www.alfa4all.nl/", "beta4all": "https://www.beta4all.nl/"}

# What a pathway's page says on fees, financing, contact and open days (the demo's defaults; a
# pathway's own keys below override them). The fee is the statutory tuition fee of the academic year.
TUITION_FEE = "2601.00"
TUITION_FEE_YEAR = "2025-2026"
FINANCING_NL = (
    "Je betaalt het wettelijk collegegeld, ook als je al een master hebt. Heb je nog recht op "
    "studiefinanciering, dan kun je die gebruiken. Werk je al als bevoegd leraar, vraag dan naar de lerarenbeurs."
)
FINANCING_EN = (
    "You pay the statutory tuition fee, even if you already hold a master. Student finance you are still "
    "entitled to can be used. If you already work as a qualified teacher, ask about the teacher grant "
    "(lerarenbeurs)."
)
CONTACT_NAME = "Studentenbalie ICLON"
CONTACT_EMAIL = STUDENT_DESK.email
CONTACT_PHONE = STUDENT_DESK.phone
OPEN_DAYS_NL = (
    "Voorlichtingsavond over alle lerarenopleidingen van ICLON: in november, maart en mei (online en op "
    "het Kolffpad). Een dag meelopen op een school kan op aanvraag via de studentenbalie."
)
OPEN_DAYS_EN = (
    "Information evening on all of ICLON's teacher education routes: in November, March and May (online and "
    "at Kolffpad). A day at a school alongside a teacher can be arranged through the student desk."
)
FIRST_DEGREE_ADMISSION_NL = (
    "Een universitaire bachelor in het vak dat bij het schoolvak hoort plus een universitaire master, of een "
    "bachelor en master die samen ten minste 120 EC vakinhoud op universitair niveau hebben. Een tekort aan "
    "vakinhoud werk je vóór de toelating weg met deficiëntiecursussen (Alfa4all, Bèta4all)."
)
FIRST_DEGREE_ADMISSION_EN = (
    "A university bachelor in the discipline of the school subject plus a university master, or a bachelor "
    "and master that together hold at least 120 EC of subject content at university level. A gap in subject "
    "content is closed before admission with deficiency courses (Alfa4all, Bèta4all)."
)

PROGRAMMES = [
    {
        "slug": "educatieve-minor",
        "name_nl": "Educatieve minor",
        "name_en": "Educational minor",
        "description_nl": "Een minor van 30 EC in het derde jaar van je universitaire bachelor, die leidt tot een "
        "beperkte tweedegraads bevoegdheid.",
        "description_en": "A 30 EC minor in the third year of your university bachelor, leading to a limited "
        "second-degree qualification.",
        "pathways": [
            {
                "slug": "educatieve-minor",
                "name_nl": "Educatieve minor",
                "name_en": "Educational minor",
                "fee": None,
                "financing": (
                    "De minor hoort bij je bachelor: je betaalt geen extra collegegeld.",
                    "The minor is part of your bachelor: you pay no extra tuition fee.",
                ),
                "qualification": "tweedegraads-beperkt",
                "mode": "full_time",
                "ec": 30,
                "months": 6,
                "subjects": ALL_SUBJECTS,
                "rules": {"in_bachelor": FITS},
                "starts": [(9, 5, 1)],
                "modules": MODULE_30_EC,
                "summary_nl": "In het derde jaar van je bachelor: een half jaar lesgeven en leren lesgeven.",
                "summary_en": "In the third year of your bachelor: half a year of teaching and learning to teach.",
                "target_nl": "Studenten in het derde jaar van een universitaire bachelor in een schoolvak.",
                "target_en": "Students in the third year of a university bachelor in a school subject.",
            }
        ],
    },
    {
        "slug": "educatieve-module",
        "name_nl": "Educatieve module",
        "name_en": "Educational module",
        "description_nl": "30 EC na een bachelor in een schoolvak, voor een beperkte tweedegraads bevoegdheid. "
        "Daarna leidt een verkorte route van 30 EC naar de eerstegraads bevoegdheid.",
        "description_en": "30 EC after a bachelor in a school subject, for a limited second-degree qualification. "
        "Afterwards a shortened 30 EC route leads to the first-degree qualification.",
        "pathways": [
            {
                "slug": "educatieve-module-voltijd",
                "name_nl": "Educatieve module (voltijd)",
                "name_en": "Educational module (full-time)",
                "qualification": "tweedegraads-beperkt",
                "mode": "full_time",
                "ec": 30,
                "months": 6,
                "subjects": ALL_SUBJECTS,
                "rules": {"wo_bachelor": FITS, **UNIVERSITY_GRADUATE},
                "starts": [(9, 6, 1), (2, 12, 1)],
                "modules": MODULE_30_EC,
                "summary_nl": "Een half jaar: de helft praktijk op een school, de helft theorie bij ICLON (maandag).",
                "summary_en": "Half a year: half practice at a school, half theory at ICLON (Mondays).",
                "target_nl": "Afgestudeerden met een universitaire bachelor in een schoolvak.",
                "target_en": "Graduates with a university bachelor in a school subject.",
            },
            {
                "slug": "educatieve-module-deeltijd",
                "name_nl": "Educatieve module (deeltijd)",
                "name_en": "Educational module (part-time)",
                "qualification": "tweedegraads-beperkt",
                "mode": "part_time",
                "ec": 30,
                "months": 12,
                "subjects": ALL_SUBJECTS,
                "rules": {"wo_bachelor": FITS, **UNIVERSITY_GRADUATE},
                "starts": [(9, 6, 1)],
                "modules": MODULE_30_EC,
                "summary_nl": "Een jaar in deeltijd, naast je werk; start alleen in augustus/september.",
                "summary_en": "One year part-time, next to your job; starts in August/September only.",
                "target_nl": "Afgestudeerden met een universitaire bachelor in een schoolvak die erbij werken.",
                "target_en": "Graduates with a university bachelor in a school subject who work alongside.",
            },
        ],
    },
    {
        "slug": "master-leraar-vho",
        "name_nl": "Master Leraar Voorbereidend Hoger Onderwijs",
        "name_en": "Master's in Teaching (Master Leraar VHO)",
        "description_nl": "De lerarenopleiding van 60 EC na een bachelor in het schoolvak en een master: leidt tot "
        "de eerstegraads bevoegdheid. Maandag is de instituutsdag.",
        "description_en": "The 60 EC teacher education after a bachelor in the school subject and a master: leads "
        "to the first-degree qualification. Monday is the institute day.",
        "pathways": [
            {
                "slug": "master-leraar-vho-voltijd",
                "admission": (FIRST_DEGREE_ADMISSION_NL, FIRST_DEGREE_ADMISSION_EN),
                "name_nl": "Master Leraar VHO (voltijd)",
                "name_en": "Master's in Teaching (full-time)",
                "qualification": "eerstegraads",
                "mode": "full_time",
                "ec": 60,
                "months": 12,
                "subjects": ALL_SUBJECTS,
                "rules": {**UNIVERSITY_GRADUATE, "wo_bachelor": MASTER_FIRST, "hbo_bachelor": PREMASTER},
                "starts": [(9, 6, 1), (2, 11, 1)],
                "modules": MASTER_MODULES,
                "summary_nl": "Een jaar voltijd: ongeveer drie dagen per week op je school, maandag bij ICLON.",
                "summary_en": "One year full-time: about three days a week at your school, Mondays at ICLON.",
                "target_nl": "Wie een universitaire bachelor in het schoolvak en een master heeft.",
                "target_en": "Graduates with a university bachelor in the school subject and a master.",
            },
            {
                "slug": "master-leraar-vho-deeltijd",
                "admission": (FIRST_DEGREE_ADMISSION_NL, FIRST_DEGREE_ADMISSION_EN),
                "name_nl": "Master Leraar VHO (deeltijd)",
                "name_en": "Master's in Teaching (part-time)",
                "qualification": "eerstegraads",
                "mode": "part_time",
                "ec": 60,
                "months": 24,
                "subjects": ALL_SUBJECTS,
                "rules": {**UNIVERSITY_GRADUATE, "wo_bachelor": MASTER_FIRST, "hbo_bachelor": PREMASTER},
                "starts": [(9, 6, 1)],
                "modules": MASTER_MODULES,
                "summary_nl": "Twee jaar in deeltijd; het praktijkdeel kan onder voorwaarden een betaalde baan zijn.",
                "summary_en": "Two years part-time; under conditions the practical part can be a paid teaching job.",
                "target_nl": "Wie een universitaire bachelor in het schoolvak en een master heeft en erbij werkt.",
                "target_en": "Graduates with a bachelor in the school subject and a master who work alongside.",
            },
            {
                "slug": "world-teachers-programme",
                "admission": (FIRST_DEGREE_ADMISSION_NL, FIRST_DEGREE_ADMISSION_EN),
                "name_nl": "World Teachers Programme",
                "name_en": "World Teachers Programme",
                "qualification": "eerstegraads",
                "mode": "full_time",
                "ec": 60,
                "months": 12,
                "subjects": ALL_SUBJECTS,
                "rules": {**UNIVERSITY_GRADUATE, "wo_bachelor": MASTER_FIRST},
                "starts": [(8, 5, 1)],
                "modules": MASTER_MODULES,
                "plus_of": "master-leraar-vho-voltijd",
                "english": True,
                "summary_nl": "Het tweetalige, internationale plusprogramma van de lerarenmaster; start in augustus.",
                "summary_en": "The bilingual, international plus-programme of the teaching master; starts in August.",
                "target_nl": "Wie goed Nederlands en Engels spreekt en in het tweetalig of internationaal onderwijs wil werken.",
                "target_en": "Those with good Dutch and English who want to teach in bilingual or international schools.",
            },
        ],
    },
    {
        "slug": "tweejarige-educatieve-master",
        "name_nl": "Tweejarige educatieve master",
        "name_en": "Two-year educational master",
        "description_nl": "Een master van 120 EC: vakmaster en lerarenopleiding in één, voor Nederlands, Engels, "
        "Frans, Duits en Godsdienst.",
        "description_en": "A 120 EC master: subject master and teacher education in one, for Dutch, English, French, "
        "German and Religion.",
        "pathways": [
            {
                "slug": "tweejarige-educatieve-master",
                "name_nl": "Tweejarige educatieve master",
                "name_en": "Two-year educational master",
                "qualification": "eerstegraads",
                "mode": "full_time",
                "ec": 120,
                "months": 24,
                "subjects": LANGUAGE_SUBJECTS_TWO_YEAR,
                "rules": {"wo_bachelor": FITS, "hbo_bachelor": PREMASTER},
                "starts": [(9, 6, 1)],
                "modules": MASTER_MODULES,
                "summary_nl": "Na je bachelor in twee jaar een vakmaster én je eerstegraads bevoegdheid.",
                "summary_en": "After your bachelor, a subject master and your first-degree qualification in two years.",
                "target_nl": "Bachelors in Nederlands, Engels, Frans, Duits of godsdienst/theologie.",
                "target_en": "Bachelors in Dutch, English, French, German or religious studies/theology.",
            }
        ],
    },
    {
        "slug": "educatieve-specialisatie",
        "name_nl": "Educatieve specialisatie",
        "name_en": "Education specialisation",
        "description_nl": "Een specialisatie van 60 EC binnen een tweejarige bètamaster, die leidt tot de "
        "eerstegraads bevoegdheid.",
        "description_en": "A 60 EC specialisation inside a two-year science master, leading to the first-degree "
        "qualification.",
        "pathways": [
            {
                "slug": "educatieve-specialisatie-beta",
                "name_nl": "Educatieve specialisatie in een bètamaster",
                "name_en": "Education specialisation in a science master",
                "qualification": "eerstegraads",
                "mode": "full_time",
                "ec": 60,
                "months": 12,
                "subjects": SCIENCE_SUBJECTS,
                "rules": {"wo_bachelor": IN_MASTER, "wo_master": FITS},
                "enrol_first_nl": "Schrijf je eerst in voor een tweejarige bètamaster (biologie, scheikunde, "
                "natuurkunde, wiskunde of informatica); de educatieve specialisatie is het tweede jaar daarvan.",
                "enrol_first_en": "Enrol first in a two-year science master (biology, chemistry, physics, "
                "mathematics or computer science); the education specialisation is its second year.",
                "starts": [(9, 6, 1), (2, 11, 1)],
                "modules": MASTER_MODULES,
                "summary_nl": "Het tweede jaar van je bètamaster word je leraar: vakmaster en bevoegdheid samen.",
                "summary_en": "In the second year of your science master you become a teacher.",
                "target_nl": "Masterstudenten biologie, scheikunde, natuurkunde, wiskunde of informatica.",
                "target_en": "Master students in biology, chemistry, physics, mathematics or computer science.",
            }
        ],
    },
    {
        "slug": "zij-instroom",
        "name_nl": "Zij-instroomtraject",
        "name_en": "Lateral-entry route",
        "description_nl": "Voor wie al als leraar werkt zonder bevoegdheid. Het traject begint met een "
        "geschiktheidsonderzoek; de uitkomst adviseert de school en ICLON.",
        "description_en": "For those already employed as a teacher without a qualification. The route starts "
        "with an aptitude assessment whose outcome advises the school and ICLON.",
        "pathways": [
            {
                "slug": "zij-instroom-vo",
                "admission": (FIRST_DEGREE_ADMISSION_NL, FIRST_DEGREE_ADMISSION_EN),
                "name_nl": "Zij-instroom voortgezet onderwijs",
                "name_en": "Lateral entry into secondary teaching",
                "qualification": "eerstegraads",
                "mode": "work_study",
                "ec": 60,
                "months": 24,
                "subjects": ALL_SUBJECTS,
                "rules": {**UNIVERSITY_GRADUATE, "wo_bachelor": MASTER_FIRST},
                "starts": [(9, 6, 1), (2, 11, 1)],
                "modules": MASTER_MODULES,
                "teaching_job": True,
                "aptitude": True,
                "financing": (
                    "Je school kan voor jou de subsidie zij-instroom van DUO aanvragen en betaalt daarmee "
                    "meestal de opleiding en het geschiktheidsonderzoek.",
                    "Your school can apply to DUO for the lateral-entry grant (subsidie zij-instroom) and "
                    "usually pays the programme and the aptitude assessment with it.",
                ),
                "summary_nl": "Werken en leren tegelijk: je werkt al als leraar en haalt in twee jaar je bevoegdheid.",
                "summary_en": "Work and learn at once: you already teach and gain your qualification in two years.",
                "target_nl": "Carrièrewisselaars met een universitaire master die al op een school werken.",
                "target_en": "Career changers with a university master already working at a school.",
            }
        ],
    },
    {
        "slug": "empo",
        "name_nl": "Educatieve Master Primair Onderwijs (EMPO)",
        "name_en": "Educational Master in Primary Education (EMPO)",
        "description_nl": "Een gezamenlijke master van de VU, de UvA en de Universiteit Leiden die leidt tot de "
        "bevoegdheid voor het basisonderwijs.",
        "description_en": "A joint master of VU Amsterdam, the University of Amsterdam and Leiden University that "
        "leads to the primary-school qualification.",
        "pathways": [
            {
                "slug": "empo",
                "name_nl": "EMPO",
                "name_en": "EMPO",
                "qualification": "primair-onderwijs",
                "sector": "po",
                "mode": "work_study",
                "ec": 120,
                "months": 24,
                "subjects": [],
                "related": False,
                "rules": {"wo_bachelor": FITS, **UNIVERSITY_GRADUATE, "hbo_bachelor": PREMASTER},
                "contact": ("EMPO-coördinatie Universiteit Leiden", CONTACT_EMAIL, CONTACT_PHONE),
                "starts": [(9, 6, 1)],
                "modules": [],
                "summary_nl": "Twee jaar leren en werken in het basisonderwijs, met een academische masterdiploma.",
                "summary_en": "Two years of learning and working in primary education, with an academic master.",
                "target_nl": "Universitaire bachelors die leraar in het basisonderwijs willen worden.",
                "target_en": "University bachelors who want to teach in primary school.",
            }
        ],
    },
    {
        "slug": "academische-zij-instroom-po",
        "name_nl": "Academische zij-instroom primair onderwijs",
        "name_en": "Academic lateral entry into primary teaching",
        "description_nl": "Voor academici die al op een basisschool werken: met een geschiktheidsonderzoek en "
        "een traject van twee jaar naar de bevoegdheid primair onderwijs.",
        "description_en": "For academics already working at a primary school: an aptitude assessment and a "
        "two-year route to the primary-school qualification.",
        "pathways": [
            {
                "slug": "academische-zij-instroom-po",
                "name_nl": "Academische zij-instroom PO",
                "name_en": "Academic lateral entry (primary)",
                "qualification": "primair-onderwijs",
                "sector": "po",
                "mode": "work_study",
                "ec": 60,
                "months": 24,
                "subjects": [],
                "related": False,
                "teaching_job": True,
                "aptitude": True,
                "rules": {**UNIVERSITY_GRADUATE},
                "starts": [(9, 6, 1), (2, 11, 1)],
                "modules": [],
                "summary_nl": "Je werkt al op een basisschool en haalt in twee jaar je bevoegdheid.",
                "summary_en": "You already work at a primary school and qualify within two years.",
                "target_nl": "Academici met een master die al voor de klas staan in het basisonderwijs.",
                "target_en": "Academics with a master already teaching in primary education.",
            }
        ],
    },
]
