"""Views of the advocacy app: public pages (light, no JavaScript) and staff pages."""
