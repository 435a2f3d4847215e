"""Forms of the certification app, one module per aggregate."""
