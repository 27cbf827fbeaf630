from django import template

from shifts.markings import banners as markings

register = template.Library()


@register.filter
def portion(item) -> str:
    """`{{ entry|portion }}`: the portion marking of a marked item, e.g. S//NF."""
    return markings.portion(*markings.marking_of(item))
