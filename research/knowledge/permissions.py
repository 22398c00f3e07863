"""The staff groups' permissions on the principles.

The principles are reference data: research staff may reword them; adding or removing one is a
change of ICLON's strategic plan (a migration). Programme coordinators tag modules with them (the
admin's autocomplete needs the view permission); intake officers read them."""

GROUP_PERMISSIONS = {
    "research_staff": ["research.view_teachinglearningprinciple", "research.change_teachinglearningprinciple"],
    "programme_coordinator": ["research.view_teachinglearningprinciple"],
    "intake_officer": ["research.view_teachinglearningprinciple"],
}
