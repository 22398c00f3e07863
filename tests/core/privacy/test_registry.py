"""The registry of personal data guards every app: a model with personal data (a link to a
person, a field named like a name, an address, a birth date or free text) without an entry, or
an entry that misses such a field, fails here, naming the model, the field and what to add."""

import dataclasses

from django.apps import apps

from iclon.core import privacy
from iclon.core.privacy import NoPersonalData, PersonalData, flagged_fields, registry, registry_problems


def test_every_model_with_personal_data_has_an_entry():
    problems = registry_problems()

    assert problems == [], "\n\n".join(problems)


def test_the_registry_gathers_iclons_apps_and_every_slice():
    modules = privacy.privacy_modules()

    assert modules[:2] == ["iclon.accounts.privacy", "iclon.notifications.privacy"]
    assert {"partnerships.privacy", "programmes.intake.privacy", "programmes.placements.privacy"} <= set(modules)
    assert {"professionalisation.activities.privacy", "professionalisation.outreach.privacy"} <= set(modules)
    labels = {entry.model for entry in registry()}
    assert {
        "accounts.User",
        "account.EmailAddress",
        "mfa.Authenticator",
        "sessions.Session",
        "admin.LogEntry",
    } <= labels


def test_the_heuristics_flag_links_to_people_names_addresses_birth_dates_and_free_text():
    application = dict(flagged_fields(apps.get_model("programmes", "Application")))

    assert application["applicant"] == "a link to a person"
    assert {"first_name", "last_name", "date_of_birth", "phone", "street", "postcode", "motivation"} <= set(application)
    assert "submitted_at" not in application  # a date, but not a birth date
    assert flagged_fields(apps.get_model("programmes", "SchoolSubject")) == []
    # The history's own author and reason are the registry's generic part, not the model's.
    history = dict(flagged_fields(apps.get_model("programmes", "HistoricalApplication")))
    assert "history_user" not in history and "history_change_reason" not in history
    assert "first_name" in history


def _without(label):
    return tuple(entry for entry in registry() if entry.model != label)


def test_a_model_without_an_entry_fails_naming_the_model_its_fields_and_what_to_add(monkeypatch):
    monkeypatch.setattr(privacy, "registry", lambda: _without("professionalisation.CalendarFeed"))

    problems = registry_problems()

    assert len(problems) == 1
    assert problems[0].startswith("professionalisation.CalendarFeed holds personal data in 'participant' (a link")
    assert "Add to PERSONAL_DATA in professionalisation/activities/privacy.py" in problems[0]
    assert "personal_data('professionalisation.CalendarFeed', fields=('participant',)" in problems[0]
    assert "NoPersonalData('professionalisation.CalendarFeed', reason=" in problems[0]


def test_a_historical_model_is_covered_by_its_models_entry_and_named_when_it_is_missing(monkeypatch):
    monkeypatch.setattr(privacy, "registry", lambda: _without("professionalisation.VisitEvaluation"))

    problems = registry_problems()

    assert [p.split(" ")[0] for p in problems] == [
        "professionalisation.HistoricalVisitEvaluation",
        "professionalisation.VisitEvaluation",
    ]
    assert "(it keeps the history of professionalisation.VisitEvaluation)" in problems[0]


def test_an_entry_that_misses_a_flagged_field_fails_naming_the_field(monkeypatch):
    def shortened(entry):
        if entry.model == "programmes.Application":
            return dataclasses.replace(entry, fields=tuple(f for f in entry.fields if f != "motivation"))
        return entry

    entries = tuple(shortened(entry) for entry in registry())
    monkeypatch.setattr(privacy, "registry", lambda: entries)

    assert registry_problems() == [
        "programmes.Application: the field(s) 'motivation' look like personal data but the entry in "
        "programmes/intake/privacy.py does not name them in `fields`: add them and make its export and erase "
        "cover them."
    ]


def test_an_entry_for_a_model_that_is_gone_or_twice_fails(monkeypatch):
    extra = (NoPersonalData("research.Gone", reason="x"), NoPersonalData("auth.Group", reason="twice"))
    entries = (*registry(), *extra)
    monkeypatch.setattr(privacy, "registry", lambda: entries)

    problems = registry_problems()

    assert "auth.Group has two entries in the registry of personal data." in problems
    assert "The registry of personal data names research.Gone, which is no model: remove its entry." in problems


def test_every_entry_says_what_it_keeps_when_it_keeps_rows():
    # An entry that keeps personal rows (erase "keep" or anonymise) names what stays.
    for entry in registry():
        if isinstance(entry, PersonalData):
            assert callable(entry.export) and callable(entry.erase), entry.model
        else:
            assert entry.reason, entry.model
