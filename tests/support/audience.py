"""Reading a confirm page's "who it will go to" (`sending/admin/_audience.html`) in tests."""

import re


def listed(html: str) -> list[str]:
    """The addresses in the page's table of recipients, in its order."""
    table = html.split('id="recipients"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td>([^<]+@example\.org)</td>", table)


def left_out(html: str) -> list[str]:
    """The lines of "Who is left out, and why" ("1 person: suppressed (…)")."""
    block = html.split('id="left-out"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", block)]
