"""Import parents and carers from a school's MIS export into one school (see interop/people_services.py)."""

from ._people import PeopleImportCommand


class Command(PeopleImportCommand):
    kind = "contacts"
    noun = "parents and carers"
