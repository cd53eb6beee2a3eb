"""Every write of the strategy app, one module per sub-domain."""
