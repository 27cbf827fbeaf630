from django.conf import settings

from shifts.watch.selectors import unread_count
from shifts.workforce.selectors import shift_on_watch


def watch(request) -> dict:
    """What every page's shell shows: the classification banner, the shift on watch, the reader."""
    if not request.user.is_authenticated:
        return {"classification_banner": settings.OPSCENTER["CLASSIFICATION_BANNER"]}
    return {
        "classification_banner": settings.OPSCENTER["CLASSIFICATION_BANNER"],
        "officer": getattr(request.user, "officer", None),
        "current_shift": shift_on_watch(),
        "unread_notifications": unread_count(getattr(request.user, "officer", None)),
    }
