from django import template

from shifts import markings

register = template.Library()


@register.filter
def portion(item) -> str:
    """`{{ entry|portion }}`: the portion marking of a marked item, e.g. S//NF."""
    return markings.portion(*markings.marking_of(item))
