from django import template

from board.access import can_work_on_board_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def board_pages_open(context) -> bool:
    """May the signed-in user work on the board's pages (withdraw, correct)?"""
    request = context.get("request")
    return bool(request) and can_work_on_board_pages(request.user)
