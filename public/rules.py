"""Who may do what on the public site's own settings: the site's name, logo, colour and
privacy facts are the municipality's, set by an administrator."""

import rules

from core.roles import is_administrator

rules.add_perm("public.change_siteprofile", is_administrator)
