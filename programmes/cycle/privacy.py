"""Personal data of the yearly cycle: who ran a year rollover (a staff member, named only as a
reference to their account)."""

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "programmes.YearRollover",
        fields=("performed_by",),
        keep="The record of a year rollover; the staff member appears only as a reference to their account.",
    ),
]
