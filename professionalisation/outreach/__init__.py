"""Samen exploreren (issue 12): Meet the Professor visits, PAL student assistants and orientation
on the teaching profession, the work of ICLON's department Nascholing & Wetenschapsoriëntatie.

One slice of professional development, after activities, completion, credentials and circles,
in parts that each keep their own module in every layer: `visits` (Meet the Professor), `pal`
(PAL student assistants) and `orientation` (orientation activities and the route finder's hook).
Each layer's package (`models/`, `services/`, `selectors/`, `permissions/`, `admin/`, `api/`,
`views/`) gathers its parts in its `__init__`.
"""
