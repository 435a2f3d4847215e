"""Every write of the producers app, one module per aggregate."""
