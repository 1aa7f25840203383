"""Marks glossary acronyms up as ``<abbr title="…">`` in rendered HTML.

Applied at render time (template filter ``glossary``), so editors never see or store the markup and
a changed expansion shows everywhere at once. Only text between tags is touched, never a tag or its
attributes, and never text inside ``<a>``, ``<abbr>``, ``<code>``, ``<pre>``, ``<script>``,
``<style>``, headings' anchors or ``<title>``: a link's words stay exactly as the editor wrote them.
"""

import functools
import html
import re

from django.core.cache import cache

CACHE_KEY = "cms:glossary:acronyms:v1"
CACHE_SECONDS = 60 * 60
# Text inside these elements is left alone.
SKIP_ELEMENTS = {"a", "abbr", "code", "pre", "script", "style", "title", "textarea", "button"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


def acronyms() -> tuple[tuple[str, str], ...]:
    """Every (term, expansion) of the glossary, from the cache (cleared when one changes)."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        from cms.models import Acronym

        cached = tuple(Acronym.objects.order_by("term").values_list("term", "expansion"))
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return tuple(tuple(item) for item in cached)


def forget_acronyms() -> None:
    cache.delete(CACHE_KEY)


@functools.lru_cache(maxsize=8)
def _pattern(entries: tuple[tuple[str, str], ...]):
    if not entries:
        return None, {}
    # Text between tags is already HTML-escaped, so match the escaped form of each term; longest
    # first so "WD Faiths Forum" wins over a shorter term it contains.
    lookup = {html.escape(term, quote=False): expansion for term, expansion in entries}
    alternatives = "|".join(re.escape(t) for t in sorted(lookup, key=len, reverse=True))
    # Whole words only, case-sensitive: "WRAP" is an acronym, "wrap" is a word.
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])"), lookup


def mark_up_acronyms(rendered_html: str) -> str:
    """Return ``rendered_html`` with each glossary term wrapped in ``<abbr title="expansion">``."""
    pattern, lookup = _pattern(acronyms())
    if pattern is None or not rendered_html:
        return rendered_html

    def wrap(match):
        term = match.group(1)
        title = html.escape(lookup[term], quote=True)
        return f'<abbr title="{title}">{term}</abbr>'

    out = []
    skipping = []  # stack of open elements whose text is left alone
    for part in _TAG.split(rendered_html):
        if not part:
            continue
        if part.startswith("<"):
            out.append(part)
            name_match = _TAG_NAME.match(part)
            if name_match is None:
                continue  # comment, doctype or stray "<"
            name = name_match.group(1).lower()
            if name not in SKIP_ELEMENTS or part.endswith("/>"):
                continue
            if part.startswith("</"):
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
            else:
                skipping.append(name)
        elif skipping:
            out.append(part)
        else:
            out.append(pattern.sub(wrap, part))
    return "".join(out)
