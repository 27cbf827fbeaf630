from django import template

from shifts import zulu as formats

register = template.Library()


@register.filter
def zulu(value) -> str:
    """`{{ shift.starts_at|zulu }}`: 2026-12-02 0855Z."""
    return formats.zulu(value)


@register.filter
def zulu_s(value) -> str:
    """`{{ conjunction.tca|zulu_s }}`: 2026-12-02 0855:30Z, where seconds matter."""
    return formats.zulu(value, seconds=True)


@register.filter
def zday(value) -> str:
    """`{{ cert.expires_on|zday }}`: 2026-12-02."""
    return formats.day(value)


@register.filter
def hhmm(value) -> str:
    """`{{ e.occurred_at|hhmm }}`: 0855Z, where the day is plain from the page."""
    return formats.zulu(value)[11:] if value else ""


@register.filter
def hhmmss(value) -> str:
    """`{{ job.updated_at|hhmmss }}`: 0855:30Z."""
    return formats.zulu(value, seconds=True)[11:] if value else ""
