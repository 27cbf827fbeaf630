"""The admin of every concern; Django's admin autodiscovery reads this module."""

from shifts.jobs import admin as jobs_admin  # noqa: F401
from shifts.markings import admin as markings_admin  # noqa: F401
from shifts.watch import admin as watch_admin  # noqa: F401
from shifts.workforce import admin as workforce_admin  # noqa: F401
