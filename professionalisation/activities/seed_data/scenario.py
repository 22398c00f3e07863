"""Who the demo holds and what it shows: the accounts, the generated teachers and the states of
the sessions the demo makes through the services."""

ICLON_PLACE = "ICLON, Kolffpad 1, 2333 BN Leiden"
CONTACT_EMAIL = "nascholing@iclon.leidenuniv.nl"

COORDINATOR = "nascholing@example.org"
RESEARCHER = "onderzoek@example.org"
DEMO_TEACHER = "docent@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"

# The generated demo teachers: deelnemer<N>@example.org, N from 1. The first ten teach at ONZ
# member schools, the next four at other schools of Rijnmond and Zuid-Holland Zuid, the last four
# register privately (without a school).
PARTICIPANTS = [
    ("Anouk Bos", "nl"),
    ("Bram de Graaf", "nl"),
    ("Chaima Amrani", "nl"),
    ("Daan Smit", "nl"),
    ("Esra Yilmaz", "nl"),
    ("Floor van Dijk", "nl"),
    ("Gijs Mulder", "nl"),
    ("Hanna de Boer", "nl"),
    ("Imane Bouzid", "nl"),
    ("Joris Vermeulen", "nl"),
    ("Kim Hoekstra", "en"),
    ("Lars Janssen", "nl"),
    ("Mila Kramer", "nl"),
    ("Nadia Ramdin", "nl"),
    ("Olivier Peters", "en"),
    ("Priya Mahabier", "nl"),
    ("Ruben Dekker", "nl"),
    ("Sophie van Leeuwen", "nl"),
]
ONZ_PARTICIPANTS = range(1, 11)
OTHER_SCHOOL_PARTICIPANTS = range(11, 15)

# What the demo shows, as (activity slug, index of the session in its list).
# The demo teacher (Dana Docent) has a place in these two sessions …
DEMO_TEACHER_REGISTERED = [("generatieve-ai-in-de-les", 1), ("formatief-handelen", 0)]
# … waits, fourth in line, for this full session, behind three demo teachers (deelnemer13–15) …
FULL_WITH_WAITING_LIST = ("generatieve-ai-in-de-les", 0)
FULL_REGISTERED = range(1, 13)
FULL_WAITING = range(13, 16)
# … and holds an open offer here: the session was full, she joined its waiting list and then
# deelnemer9 gave his place back.
OFFER = ("differentieren-in-de-les", 0)
OFFER_REGISTERED = range(7, 19)
OFFER_CANCELLED_BY = 9
OFFER_CANCEL_REASON = "Valt samen met de rapportvergadering op school."
# Another full session (without a waiting list).
ALSO_FULL = ("wiskundige-denkactiviteiten", 0)
ALSO_FULL_REGISTERED = range(3, 17)
# A session cancelled by the coordinator after three registrations.
CANCELLED = ("inclusief-lesgeven", 1)
CANCELLED_REGISTERED = range(1, 4)
CANCEL_REASON = (
    "Te weinig aanmeldingen voor deze groep. We nemen contact met u op over een plaats in de groep in Leiden."
)
# A session already under way: the coordinator registered its participants, then closed it.
UNDER_WAY = ("van-startbekwaam-naar-vakbekwaam", 0)
UNDER_WAY_REGISTERED = range(5, 17)
# The demo school contact registers deelnemer17 for their own school.
BY_SCHOOL_CONTACT = (("historisch-redeneren-bovenbouw", 0), 17)
