from django import template

from public import stages

register = template.Library()


@register.filter
def stage_for_residents(process) -> str:
    """The stage a process is at, as residents are told it (public/stages.py)."""
    return stages.label(process.stage)
