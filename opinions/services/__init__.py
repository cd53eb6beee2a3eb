"""Every write of the opinions app, one module per sub-domain; views, commands, imports and the API
call these."""
