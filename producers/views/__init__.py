"""Thin views: resolve through a selector (404 outside scope), check the capability
(403), call a service, render."""
