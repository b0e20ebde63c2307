"""`{% can "staff.manage" as may_manage_staff %}`: ask the access policy in a template, for
links and buttons (the views check again)."""

from django import template

from qamqor.core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str) -> bool:
    user = context.get("user")
    return bool(user) and access.can(user, access.Action(action))
