"""The catalog and conjunction references a log entry may carry: "NORAD 25544", "conjunction 45"."""

from django.urls import reverse

from shifts.watch.log_references import register_reference
from shifts.workforce.models import Officer
from tracking.models import SpaceObject
from tracking.selectors import conjunctions_visible_to


def _objects(officer: Officer | None, ids: set[int]) -> dict[int, str]:
    known = SpaceObject.objects.filter(norad_id__in=ids).values_list("norad_id", flat=True)
    return {n: reverse("space-object", args=[n]) for n in known}


def _conjunctions(officer: Officer | None, ids: set[int]) -> dict[int, str]:
    visible = conjunctions_visible_to(officer).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("conjunction-detail", args=[pk]) for pk in visible}


register_reference(r"\bNORAD\s+(?:ID\s+)?#?(\d{1,9})\b", _objects)
register_reference(r"\bconjunction\s+#?(\d{1,18})\b", _conjunctions)
