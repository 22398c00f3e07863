"""The twelve teaching-learning principles of ICLON's strategic plan 2023-2028 (page 13), in the
plan's Dutch and our English. Loaded by a data migration: they are reference data every
installation needs, not demo data."""

PRINCIPLES = [
    (
        "adaptief",
        "Adaptief",
        "Adaptive",
        "Leren wordt bevorderd als hulp wordt afgestemd op wat een leerling of student nodig heeft.",
        "Learning is promoted when support is tuned to what a pupil or student needs.",
    ),
    (
        "doelsysteemgestuurd",
        "Doelsysteemgestuurd",
        "Goal-system driven",
        "Leren wordt bevorderd als productief wordt voortgebouwd op bestaande meervoudige doelen.",
        "Learning is promoted when it builds productively on existing, multiple goals.",
    ),
    (
        "formatief",
        "Formatief",
        "Formative",
        "Leren wordt bevorderd als daarbij wordt geëvalueerd om weer van te leren.",
        "Learning is promoted when it is evaluated in order to learn from it again.",
    ),
    (
        "inclusief",
        "Inclusief",
        "Inclusive",
        "Leren wordt bevorderd als wordt aangesloten bij de behoeften van alle lerenden en alle lerenden erbij horen.",
        "Learning is promoted when it meets the needs of all learners and every learner belongs.",
    ),
    (
        "modulair",
        "Modulair",
        "Modular",
        "Leren wordt bevorderd als leraren hun bestaande bouwstenen voor onderwijsontwerp herschikken.",
        "Learning is promoted when teachers rearrange their existing building blocks for designing lessons.",
    ),
    (
        "multiperspectivisch",
        "Multiperspectivisch",
        "Multiperspective",
        "Leren wordt bevorderd als (meerdere) domeinspecifieke denk- en werkwijzen hieraan richting geven.",
        "Learning is promoted when (several) domain-specific ways of thinking and working give it direction.",
    ),
    (
        "onderzoekend",
        "Onderzoekend",
        "Inquiry-based",
        "Leren wordt bevorderd als onderzoekbare vragen worden gesteld waarvoor gegevens worden "
        "verzameld om tot antwoorden te komen.",
        "Learning is promoted when researchable questions are asked and data are gathered to answer them.",
    ),
    (
        "samenwerkend",
        "Samenwerkend",
        "Collaborative",
        "Leren wordt bevorderd als leerlingen en studenten daarbij effectief samenwerken en "
        "verantwoordelijkheid delen om een gezamenlijk doel te bereiken.",
        "Learning is promoted when pupils and students work together effectively and share "
        "responsibility for reaching a common goal.",
    ),
    (
        "taakgestuurd",
        "Taakgestuurd",
        "Task-based",
        "Leren wordt bevorderd als leerstof wordt onderwezen in de context van een authentieke taak.",
        "Learning is promoted when content is taught in the context of an authentic task.",
    ),
    (
        "taalbewust",
        "Taalbewust",
        "Language-aware",
        "Leren wordt bevorderd als er aandacht wordt besteed aan zowel de inhoudelijke als de talige "
        "aspecten van de leerstof.",
        "Learning is promoted when attention is paid to both the content and the language of the subject matter.",
    ),
    (
        "veilig-en-participerend",
        "Veilig & participerend",
        "Safe & participatory",
        "Leren wordt bevorderd als het plaatsvindt met (actieve) deelname van alle betrokkenen, in een "
        "veilig leerklimaat.",
        "Learning is promoted when everyone involved takes (an active) part, in a safe learning climate.",
    ),
    (
        "zelfregulerend",
        "Zelfregulerend",
        "Self-regulated",
        "Leren wordt bevorderd als leerlingen en studenten zelf in toenemende mate hun leerproces sturen.",
        "Learning is promoted when pupils and students increasingly steer their own learning.",
    ),
]
