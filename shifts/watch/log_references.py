"""References in log text that become links: "job 123" or "#J123", and what other apps register
("NORAD 25544", "conjunction 45": tracking registers those from its ready(), shifts never imports it).

A reference links only to an item the reader may see; one the reader may not see stays plain
text, so a link never confirms that a withheld item exists.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shifts.workforce.models import Officer

# (reader, ids the text names) -> {id: url} for the ids the reader may see
Resolver = Callable[[Officer | None, set[int]], dict[int, str]]


@dataclass(frozen=True)
class ReferenceKind:
    pattern: re.Pattern  # group 1 is the item's number
    resolve: Resolver


KINDS: list[ReferenceKind] = []


def register_reference(pattern: str, resolve: Resolver) -> None:
    KINDS.append(ReferenceKind(re.compile(pattern, re.IGNORECASE), resolve))


def linked_text(text: str, officer: Officer | None) -> SafeString:
    """The entry's text, escaped, with line breaks kept and each visible reference a link."""
    found = sorted(_matches(text, officer), key=lambda m: m[0])
    out, at = [], 0
    for start, end, url in found:
        if start < at:  # overlapping references: the first one wins
            continue
        out += [escape(text[at:start]), f'<a href="{escape(url)}">{escape(text[start:end])}</a>']
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # every piece is escaped above


def _matches(text: str, officer: Officer | None) -> Iterable[tuple[int, int, str]]:
    for kind in KINDS:
        hits = list(kind.pattern.finditer(text))
        if not hits:
            continue
        urls = kind.resolve(officer, {int(m.group(1)) for m in hits})
        for m in hits:
            if int(m.group(1)) in urls:
                yield m.start(), m.end(), urls[int(m.group(1))]


def _jobs(officer: Officer | None, ids: set[int]) -> dict[int, str]:
    from shifts.jobs.selectors import jobs_visible_to

    visible = jobs_visible_to(officer).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("job-detail", args=[pk]) for pk in visible}


register_reference(r"(?:#J|\bjob\s+#?)(\d{1,18})\b", _jobs)
