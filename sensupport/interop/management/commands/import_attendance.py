"""Import attendance for one school from a CSV or .xlsx file (see interop/progress_import.py)."""

from ._progress import ProgressImportCommand


class Command(ProgressImportCommand):
    kind = "attendance"
