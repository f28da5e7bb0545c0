"""The EHC app's models, one module per part of the statutory process so each can grow alone:
needs-assessment requests and the LA's steps on the clock (`requests.py`); EHC plans and their
annual reviews (`plans.py`)."""

from .plans import *  # noqa: F403
from .requests import *  # noqa: F403
