"""The e-archive packages for a page that includes archive/packages_block.html (IT's page)
or archive/_process_package.html (a process's page), without its view knowing of them."""

from django import template

from archive.packages import recent

register = template.Library()


@register.simple_tag
def e_archive_packages(process=None):
    return recent(process)
