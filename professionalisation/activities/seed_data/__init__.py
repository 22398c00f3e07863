"""The facts of the professional-development demo: a year of ICLON's offer, built from the themes
of the strategic plan 2023-2028 (ambition 2, "samen professionaliseren"): subject didactics
(vakdidactiek), general didactics, curriculum development, the courses for school-based teacher
educators, AI in education, inclusion, world citizenship, the twelve teaching-learning principles,
ONZ network meetings in the four education regions, learning circles, a summer school and a
conference.

Plain data only; professionalisation/activities/demo.py turns it into rows, with the dates
counted from today. The activities are plausible, not ICLON's actual programme.

The facts are kept in modules by theme (didactics.py, teacher_education.py, themes.py,
networks.py), the demo's people and the states it shows in scenario.py, and what the themes share
in common.py; this package gathers them under the names demo.py reads.

An activity whose award is a microcredential may hold `microcredential`: the EU elements of its
description (`eqf_level`, `assessment`: an AssessmentType, `outcomes_nl`/`outcomes_en`: the
learning outcomes), which professionalisation/credentials/demo.py turns into its
MicrocredentialSpec (general outcomes for the others).

An activity's sessions are listed in order; the demo finds a session again by that order, so a
session is added at the end of its list, never in between. Per session:

- `week` and `day`: the first meeting, in weeks from the Monday of the current week and the
  weekday ("mon" … "fri"); `summer`: the first meeting is the Monday of the last week of August;
- `start`, `end`: the meetings' times (Europe/Amsterdam); `meetings` (1–6) and `every` (days
  between meetings, 14 unless set); meetings that fall in a school holiday move on by weeks;
- `where`: "iclon", "online", "hybrid" (ICLON and an online link), "school" (a school of the
  activity's region, or of `region`), or an address in `place`; by default from the format;
- `capacity`, `onz_places` (held for ONZ member schools until four weeks before the start),
  `deadline_days` (registration closes this many days before the first meeting, 7 unless set),
  `taken` (demo teachers who register), `status` ("closed": staff closed registration).
"""

from professionalisation.activities.seed_data.common import ACTIVITY_DEFAULTS, ALL_PRINCIPLES
from professionalisation.activities.seed_data.didactics import (
    CURRICULUM_DEVELOPMENT,
    GENERAL_DIDACTICS,
    SUBJECT_DIDACTICS,
)
from professionalisation.activities.seed_data.networks import (
    LEARNING_CIRCLES,
    ONZ_NETWORK_MEETINGS,
    SUMMER_SCHOOL_AND_CONFERENCE,
)
from professionalisation.activities.seed_data.scenario import (
    ALSO_FULL,
    ALSO_FULL_REGISTERED,
    BY_SCHOOL_CONTACT,
    CANCEL_REASON,
    CANCELLED,
    CANCELLED_REGISTERED,
    CONTACT_EMAIL,
    COORDINATOR,
    DEMO_TEACHER,
    DEMO_TEACHER_REGISTERED,
    FULL_REGISTERED,
    FULL_WAITING,
    FULL_WITH_WAITING_LIST,
    ICLON_PLACE,
    OFFER,
    OFFER_CANCEL_REASON,
    OFFER_CANCELLED_BY,
    OFFER_REGISTERED,
    ONZ_PARTICIPANTS,
    OTHER_SCHOOL_PARTICIPANTS,
    PARTICIPANTS,
    RESEARCHER,
    SCHOOL_CONTACT,
    UNDER_WAY,
    UNDER_WAY_REGISTERED,
)
from professionalisation.activities.seed_data.teacher_education import PRIMARY_HIGHER_AND_BEGINNING, TEACHER_EDUCATORS
from professionalisation.activities.seed_data.themes import (
    AI_IN_EDUCATION,
    INCLUSION_AND_WORLD_CITIZENSHIP,
    TEACHING_LEARNING_PRINCIPLES,
)

__all__ = [
    "ICLON_PLACE",
    "CONTACT_EMAIL",
    "COORDINATOR",
    "RESEARCHER",
    "DEMO_TEACHER",
    "SCHOOL_CONTACT",
    "PARTICIPANTS",
    "ONZ_PARTICIPANTS",
    "OTHER_SCHOOL_PARTICIPANTS",
    "DEMO_TEACHER_REGISTERED",
    "FULL_WITH_WAITING_LIST",
    "FULL_REGISTERED",
    "FULL_WAITING",
    "OFFER",
    "OFFER_REGISTERED",
    "OFFER_CANCELLED_BY",
    "OFFER_CANCEL_REASON",
    "ALSO_FULL",
    "ALSO_FULL_REGISTERED",
    "CANCELLED",
    "CANCELLED_REGISTERED",
    "CANCEL_REASON",
    "UNDER_WAY",
    "UNDER_WAY_REGISTERED",
    "BY_SCHOOL_CONTACT",
    "ALL_PRINCIPLES",
    "ACTIVITY_DEFAULTS",
    "ACTIVITIES",
]

# Every activity, in this order (the demo makes them in it).
ACTIVITIES = [
    *SUBJECT_DIDACTICS,
    *GENERAL_DIDACTICS,
    *CURRICULUM_DEVELOPMENT,
    *TEACHER_EDUCATORS,
    *AI_IN_EDUCATION,
    *INCLUSION_AND_WORLD_CITIZENSHIP,
    *TEACHING_LEARNING_PRINCIPLES,
    *ONZ_NETWORK_MEETINGS,
    *SUMMER_SCHOOL_AND_CONFERENCE,
    *LEARNING_CIRCLES,
    *PRIMARY_HIGHER_AND_BEGINNING,
]
