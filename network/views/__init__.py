"""Views of the network app, one module per area: the site's own pages, email delivery,
the network's structure and its people. Each gets its objects through views/access.py."""
