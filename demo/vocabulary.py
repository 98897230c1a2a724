"""Words the demo content is built from: fictional people and the texts of plans, progress,
partnerships and decisions. Nothing here describes the real network; `{city}` and the like are
filled in per city.
"""

# --- People: fictional names built from common name parts per country -----------------------

# (given names, family names, family name first?)
NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "VN": (
        ("Minh Anh", "Thu Ha", "Quoc Bao", "Thanh Tung", "Ngoc Lan", "Van Hai", "Hong Nhung"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"),
        True,
    ),
    "TH": (
        ("Siriporn", "Nattapong", "Kanokwan", "Anan", "Pimchanok", "Thanawat", "Sasithorn"),
        ("Srisuk", "Wongsawat", "Charoenrat", "Boonmee", "Rattanakorn", "Saelim", "Thongdee"),
        False,
    ),
    "ID": (
        ("Ayu", "Budi", "Dewi", "Rizky", "Sari", "Agus", "Putri", "Hendra", "Intan", "Fajar"),
        ("Santoso", "Wijaya", "Pratama", "Kusuma", "Hidayat", "Nugroho", "Lestari", "Saputra"),
        False,
    ),
    "MY": (
        ("Nurul Aina", "Ahmad Faiz", "Siti Hajar", "Wei Ling", "Arjun", "Mei Xin", "Kavitha"),
        ("Tan", "Lim", "Rahman", "Ismail", "Ong", "Krishnan", "Yusof", "Abdullah"),
        False,
    ),
    "PH": (
        ("Maria Clara", "Jose", "Angelica", "Ramon", "Kristine", "Paolo", "Liza", "Miguel"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dizon", "Navarro"),
        False,
    ),
    "SG": (
        ("Wei Jie", "Hui Min", "Siti", "Rajesh", "Jia Hui", "Farid", "Mei Ling", "Arun"),
        ("Tan", "Lim", "Ng", "Goh", "Chua", "Rahman", "Pillai", "Koh"),
        False,
    ),
    "KH": (
        ("Sokha", "Dara", "Sreymom", "Vannak", "Chenda", "Piseth", "Bopha", "Rithy"),
        ("Chan", "Sok", "Heng", "Meas", "Phan", "Ly", "Touch", "Keo"),
        True,
    ),
    "LA": (
        ("Khamphone", "Souksavanh", "Vilayphone", "Bounmy", "Phetsamone", "Somphone", "Daovone"),
        ("Phommachanh", "Sengdara", "Vongsay", "Keomany", "Inthavong", "Sisouk", "Xaysana"),
        False,
    ),
    "MM": (
        ("Aung", "Thida", "Kyaw", "Hnin", "Zaw", "Su", "Myo", "Khin"),
        ("Min Htet", "Wai Yan", "Lwin", "Ei Phyu", "Naing", "Mon", "Thant", "Hlaing"),
        False,
    ),
    "BN": (
        ("Nur Hazirah", "Muhammad Hafiz", "Siti Aminah", "Khairul", "Norliza", "Rosli"),
        ("Abdullah", "Ahmad", "Yusof", "Hamid", "Jaafar", "Salleh", "Hassan"),
        False,
    ),
    "TL": (
        ("Joana", "Mateus", "Ermelinda", "Agostinho", "Filomena", "Domingos", "Lucia", "Tomas"),
        ("da Costa", "Soares", "Pereira", "Ximenes", "dos Santos", "Amaral", "Freitas", "Lopes"),
        False,
    ),
}

CSCO_TITLES = (
    "Director, Department of Information and Communications",
    "Head, Smart City Office",
    "Deputy Mayor",
    "Director, Urban Planning Department",
    "Chief Information Officer",
    "Director, City Development Strategy Office",
)
NR_TITLE = "Director, Smart City Division"
ALTERNATE_TITLE = "Deputy Director, Smart City Division"

# --- Focus areas: words for visions and targets ---------------------------------------------

FOCUS_ADJECTIVES = {
    "civic-social": ("well-governed", "inclusive"),
    "health-well-being": ("healthy", "caring"),
    "safety-security": ("safe", "resilient"),
    "quality-environment": ("green", "clean"),
    "built-infrastructure": ("well-connected", "liveable"),
    "industry-innovation": ("innovative", "prosperous"),
}

FOCUS_ASPIRATIONS = {
    "civic-social": "every resident can reach public services online and have a say in the city",
    "health-well-being": "families have affordable housing, good schools and care close to home",
    "safety-security": "emergencies are answered within minutes and critical systems stay secure",
    "quality-environment": "rivers are clean, waste is recycled and streets withstand floods",
    "built-infrastructure": "people move by public transport, on foot and by bicycle with ease",
    "industry-innovation": "young people find skilled jobs and start-ups grow into companies",
}

VISION_OPENINGS = (
    "By 2025, {city} is a {adjectives} city where {aspiration}.",
    "{city} in 2025: a {adjectives} city where {aspiration}.",
    "Our vision is a {adjectives} {city}, where {aspiration}.",
)
VISION_CLOSINGS = (
    "Data, digital services and partnerships serve the people of {city}, not the other way round.",
    "The city uses technology where it solves real problems and measures what it achieves.",
    "Government, residents and businesses build this future together.",
)

# (outcome code, target template with {a} {b} numbers)
STRATEGIC_TARGETS = {
    "competitive-economy": (
        "Raise the digital economy to {a}% of the city's GDP by 2025.",
        "Support {b} start-ups and small firms through city programmes by 2025.",
        "Train {b}00 young people in digital skills by 2025.",
    ),
    "sustainable-environment": (
        "Cut greenhouse-gas emissions of city operations by {a}% against 2018 by 2025.",
        "Collect {c}% of municipal solid waste and recycle {a}% of it by 2025.",
        "Halve the number of households affected by floods each year by 2025.",
    ),
    "high-quality-of-life": (
        "Offer {c}% of administrative procedures online by 2025.",
        "Bring average emergency response time under {a} minutes by 2025.",
        "Give every school a broadband connection and {b} community health centres telemedicine.",
    ),
}

FOCUS_OUTCOMES = {
    "civic-social": ("high-quality-of-life",),
    "health-well-being": ("high-quality-of-life",),
    "safety-security": ("high-quality-of-life",),
    "quality-environment": ("sustainable-environment",),
    "built-infrastructure": ("sustainable-environment", "competitive-economy"),
    "industry-innovation": ("competitive-economy",),
}

# Real project titles carry no focus area of their own; these words place them in one.
FOCUS_KEYWORDS = (
    ("safety-security", ("command", "security", "safe", "emergency", "cctv", "surveillance")),
    (
        "built-infrastructure",
        (
            "traffic",
            "transport",
            "transit",
            "mobility",
            "bus",
            "brt",
            "pedestrian",
            "bicycle",
            "sidewalk",
            "alley",
            "footpath",
            "road",
            "street",
            "grid",
            "hub development",
            "drainage",
            "smart city plan",
        ),
    ),
    (
        "quality-environment",
        ("water", "waste", "flood", "wetland", "river", "green", "solar", "energy"),
    ),
    ("health-well-being", ("health", "housing", "education", "university")),
    (
        "industry-innovation",
        ("entrepreneur", "industrial", "innovation", "incubator", "job", "economic", "payment"),
    ),
)
DEFAULT_FOCUS = "civic-social"

GENERIC_AGENCIES = ("Smart City Office", "Department of Information and Communications")

# --- Milestones, progress and partnership texts -----------------------------------------------

MILESTONES = (
    "Concept note approved",
    "Feasibility study completed",
    "Funding secured",
    "Procurement completed",
    "Pilot phase launched",
    "City-wide roll-out",
    "Evaluation published",
)

# {upcoming}: the next milestone; {reached}: the last one reached (templates needing one that
# the project does not have are skipped).
NARRATIVES = {
    "on_track": (
        "Work progressed as planned; next milestone: “{upcoming}”.",
        "Latest milestone reached: “{reached}”. The team is preparing the next phase.",
        "Implementation continued within budget; residents' feedback was positive.",
    ),
    "at_risk": (
        "Progress slowed; the milestone “{upcoming}” may slip into next year.",
        "The schedule is tight; the city is reviewing the scope of the next phase.",
    ),
    "delayed": (
        "The milestone “{upcoming}” is behind schedule.",
        "Works paused for several months; a revised schedule was agreed.",
    ),
    "completed": (
        "The system is in full operation and has been handed over to the operating agency.",
        "All components were delivered; the evaluation report is being finalised.",
    ),
    "cancelled": (
        "Cancelled after the feasibility study showed costs above the available budget.",
        "Cancelled; its scope was merged into a national programme.",
    ),
}

CHALLENGES = (
    "Procurement took longer than planned.",
    "Budget approval for this year is still pending.",
    "Land clearance is slower than expected.",
    "Few staff have the data skills the system needs.",
    "Agencies disagree on who operates the system.",
    "Prices of imported equipment rose sharply.",
)
COVID_CHALLENGE = "COVID-19 restrictions halted site works and redirected the budget."

SUPPORT_NEEDED = (
    "Technical assistance to review the procurement documents.",
    "Co-financing for the second phase.",
    "Training for the operations team.",
    "Advice from a city that runs a similar system.",
)

PARTNERSHIP_NEEDS = {
    "funding": "Co-financing of about USD {n} million for the roll-out.",
    "technical-assistance": "Technical assistance for the feasibility study and tender documents.",
    "capacity-building": "Training for the staff who will operate and maintain the system.",
    "solutions": "Solution providers for sensors, software and the data platform.",
    "twinning": "A twinning city with experience of a similar project.",
}

INTEREST_MESSAGES = (
    "We have financed similar projects in the region and would like to discuss co-financing.",
    "Our team can support the feasibility study; could we arrange a call with the project lead?",
    "We offer a capacity-building programme that matches this need.",
    "We would be glad to share our experience and explore a pilot together.",
)

RETURN_COMMENTS = (
    "Please add measurable targets with a baseline for each focus area.",
    "Budget figures for two projects are missing; please complete them.",
    "Please align the project list with the national smart city strategy.",
    "Several projects lack a lead agency; please name one for each.",
)

# (text, owner kind) — owners: "asec", "country", "city"; {country}, {city}, {project} filled in
DECISIONS = (
    (
        "ASEC to circulate the progress-report template to all CSCOs before the next meeting.",
        "asec",
    ),
    ("ASEC to compile the consolidated progress report of the action plans.", "asec"),
    ("ASEC to update the contact list of national representatives and CSCOs.", "asec"),
    ("{country} to host the site visits of the next annual meeting.", "next-chair"),
    ("{country} to share its national smart city strategy with the network.", "country"),
    ("{country} to propose candidate cities for the next round of membership.", "country"),
    ("{city} to share the lessons of “{project}” at the next meeting.", "city"),
    ("{city} to present a bankable proposal for “{project}” to partners.", "city"),
    ("{city} to submit its updated action plan through its national representative.", "city"),
)
DECISION_FOLLOW_UPS = {
    "done": "Done and reported at the following meeting.",
    "in_progress": "Under way; an update is expected at the next meeting.",
    "dropped": "Dropped by consensus; superseded by a later decision.",
    "open": "",
}

# Cities outside ASEAN for demo twinnings, with a partner that may support the pairing.
TWINNING_COUNTERPARTS = (
    ("Busan", "KR", "korea-molit"),
    ("Fukuoka", "JP", "japan-mlit"),
    ("Kitakyushu", "JP", "japan-mlit"),
    ("Melbourne", "AU", "australia-dfat"),
    ("Brisbane", "AU", "australia-dfat"),
    ("Auckland", "NZ", "new-zealand-mfat"),
    ("Rotterdam", "NL", ""),
    ("Hamburg", "DE", ""),
    ("Lyon", "FR", ""),
    ("Trondheim", "NO", "norway"),
    ("Daejeon", "KR", "korea-molit"),
    ("Shenzhen", "CN", "china-ndrc"),
)
TWINNING_DESCRIPTIONS = (
    "Exchange of staff and data between the two cities' {focus} teams.",
    "Peer learning on {focus} projects, with a joint pilot under discussion.",
)
