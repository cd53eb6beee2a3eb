# The permission grid's world (a process with one object of every kind, and a user per role)
# serves the other tests that walk the URLconf too.
from tests.core.test_permission_grid import world  # noqa: F401
