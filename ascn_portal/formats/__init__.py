"""Date formats of the portal per language (FORMAT_MODULE_PATH); Django's own fill the rest.

Templates name a format (`date:"DATE_FORMAT"`), never spell one, so each language writes dates
its own way: English "22 November 2026", Vietnamese "22 tháng 11 năm 2026".
"""
