"""Who may see and import pupils' timetables (scope comes from Pupil.objects.visible_to).

Staff of the pupil's school read a pupil's week. The SENCO, head and school administrator import
their own school's timetable (asked with no row; the service checks the school is theirs). Families, the LA and
outside professionals see nothing from this app: time out of class is told to families in plain
words by the provision pages."""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import is_whole_school, staff_of_pupils_school

rules.add_perm("timetable.view_timetable", staff_of_pupils_school)
rules.add_perm("timetable.import_timetable", is_whole_school)
