"""Forms of the producers app: validation and widgets only. Public forms (read by
anyone, translated into four languages) live in `public.py`."""
