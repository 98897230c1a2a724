# As Vietnamese administrative documents write dates: "22 tháng 11 năm 2026", "22/11/2026".
DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"j \t\há\n\g n \nă\m Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = r"\t\há\n\g n/Y"
# Django's Vietnamese formats name the separators but not the grouping, so intcomma grouped
# nothing: 1.234.567, as Vietnamese writes it.
NUMBER_GROUPING = 3
