"""The strategy's staff pages, one module per page family."""
