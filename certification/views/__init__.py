"""Views of the certification app: thin, one module per area."""
