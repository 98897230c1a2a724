"""The demo tells the story of the first plan period: fictional content on the real years of
`scap-2018-2025` (loaded with the reference data), then the 2026 reporting cycle open."""

import datetime

DEMO_PERIOD = "scap-2018-2025"
PLAN_PERIOD_START, PLAN_PERIOD_END = 2018, 2025
# The cycle the cities report in now (fictional dates, in the portal's December 2026).
OPEN_CYCLE = {
    "year": 2026,
    "opens_on": datetime.date(2026, 11, 16),
    "deadline": datetime.date(2027, 1, 31),
    "as_of": datetime.date(2026, 12, 31),
}
