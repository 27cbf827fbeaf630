from django import template

from shifts.watch.log_references import linked_text

register = template.Library()


@register.simple_tag(takes_context=True)
def log_text(context, entry) -> str:
    """`{% log_text entry %}`: the entry's text with the references the reader may follow linked."""
    return linked_text(entry.text, context.get("officer"))
