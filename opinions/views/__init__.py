"""The opinions app's pages, one module per page family."""
