"""Forms of the advocacy app: public ones (read by anyone) and staff ones."""
