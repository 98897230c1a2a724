"""The catalogue of plausible smart city projects per ASCF focus area, for demo content.

Typical initiatives of each focus area, not any real city's projects. `{n}` is filled in per
project; each indicator template gives a baseline and a target that the generator scales.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndicatorTemplate:
    name: str
    unit: str
    baseline: float
    target: float


@dataclass(frozen=True)
class ProjectTemplate:
    title: str
    summary: str
    agency: str
    indicators: tuple[IndicatorTemplate, ...]
    gesi: tuple[str, ...] = field(default=())


def _i(name: str, unit: str, baseline: float, target: float) -> IndicatorTemplate:
    return IndicatorTemplate(name, unit, baseline, target)


def _p(title, summary, agency, *indicators, gesi=()) -> ProjectTemplate:
    return ProjectTemplate(title, summary, agency, tuple(indicators), tuple(gesi))


PROJECTS: dict[str, tuple[ProjectTemplate, ...]] = {
    "built-infrastructure": (
        _p(
            "Smart Traffic Signal Network",
            "Adaptive signals at {n} junctions respond to live traffic counts and are coordinated "
            "from the traffic control centre.",
            "Department of Transport",
            _i("Average peak-hour travel time on main corridors", "minutes", 42, 32),
            _i("Junctions with adaptive signals", "junctions", 0, 120),
        ),
        _p(
            "Bus Rapid Transit Corridor",
            "A dedicated bus corridor of {n} km with level boarding, real-time passenger "
            "information and cashless fares.",
            "Department of Transport",
            _i("Daily bus rapid transit ridership", "passengers/day", 0, 60000),
            _i("Share of trips by public transport", "%", 12, 20),
            gesi=("persons-with-disabilities", "women-girls"),
        ),
        _p(
            "Smart Street Lighting",
            "{n}00 street lights replaced by LED luminaires on a remotely managed network that "
            "dims when streets are empty and reports failures.",
            "Public Works Department",
            _i("Street-lighting electricity use", "MWh/year", 9000, 5400),
            _i("LED street lights installed", "lights", 0, 12000),
        ),
        _p(
            "Smart Parking System",
            "Sensors in {n}00 on-street bays and a mobile app that shows free spaces and takes "
            "payment.",
            "Department of Transport",
            _i("Parking bays with sensors", "bays", 0, 3000),
            _i("Average time to find parking in the centre", "minutes", 14, 8),
        ),
        _p(
            "Integrated Fare Card",
            "One contactless card and QR payment for buses, ferries and water taxis, with "
            "concession fares for students and older persons.",
            "Public Transport Authority",
            _i("Public transport trips paid by card or QR code", "%", 5, 60),
            gesi=("older-persons", "children-youth"),
        ),
        _p(
            "Pedestrian and Cycling Network",
            "{n} km of shaded walkways and protected cycle lanes linking neighbourhoods to "
            "transit stations.",
            "Urban Planning Department",
            _i("Protected cycle lanes", "km", 2, 45),
            _i("Pedestrian injuries", "per year", 180, 120),
            gesi=("persons-with-disabilities",),
        ),
        _p(
            "Smart Water Meters",
            "Smart meters for {n}0,000 households with leak alerts and monthly usage feedback.",
            "Water Supply Company",
            _i("Non-revenue water", "%", 32, 20),
            _i("Households with smart meters", "households", 0, 150000),
        ),
        _p(
            "Rooftop Solar on Public Buildings",
            "Solar panels on {n}0 schools, clinics and offices, monitored from one energy "
            "dashboard.",
            "Department of Industry and Energy",
            _i("Installed solar capacity on public buildings", "MWp", 0, 12),
            _i("Share of municipal electricity from solar", "%", 0, 25),
        ),
        _p(
            "Online Building Permits",
            "Digital submission of building plans with automated checks against the zoning code.",
            "Department of Construction",
            _i("Average building-permit processing time", "days", 60, 15),
        ),
        _p(
            "Electric Bus Pilot",
            "{n}0 electric buses with depot charging on two trunk routes.",
            "Public Transport Authority",
            _i("Electric buses in service", "buses", 0, 80),
            _i("Bus fleet CO2 emissions", "t CO2/year", 18000, 13500),
        ),
    ),
    "quality-environment": (
        _p(
            "Flood Early Warning System",
            "Water-level and rain gauges at {n}0 sites feed a forecasting model and text alerts "
            "to residents of flood-prone wards.",
            "Department of Natural Resources and Environment",
            _i("Households reached by flood alerts", "households", 0, 120000),
            _i("Average flood-warning lead time", "hours", 1, 6),
            gesi=("low-income-marginalised",),
        ),
        _p(
            "Air Quality Monitoring Network",
            "{n}0 low-cost sensors and an open dashboard of PM2.5 readings, with alerts for "
            "schools and clinics.",
            "Department of Natural Resources and Environment",
            _i("Days with PM2.5 above the national standard", "days/year", 95, 60),
            _i("Air quality sensors online", "sensors", 0, 80),
            gesi=("children-youth", "older-persons"),
        ),
        _p(
            "Solid Waste Collection Optimisation",
            "GPS-tracked collection trucks and fill-level sensors on public bins to plan routes.",
            "Urban Environment Company",
            _i("Municipal solid waste collected", "%", 78, 95),
            _i("Waste recycled or composted", "%", 8, 25),
        ),
        _p(
            "Wastewater Treatment Upgrade",
            "Upgrading the central treatment plant and connecting {n}0,000 households to the "
            "sewer network.",
            "Drainage and Wastewater Company",
            _i("Wastewater treated before discharge", "%", 35, 70),
        ),
        _p(
            "Urban Green Corridor",
            "Restoring canal banks and planting {n},000 trees to cool streets and absorb storm "
            "water.",
            "Parks and Green Spaces Department",
            _i("Public green space per resident", "m²/person", 3.1, 6),
            _i("Trees planted", "trees", 0, 25000),
        ),
        _p(
            "River Water Quality Programme",
            "Continuous water-quality stations on the main river and its canals, with "
            "inspections of the largest polluters.",
            "Department of Natural Resources and Environment",
            _i("Monitoring points meeting the water-quality standard", "%", 40, 75),
        ),
        _p(
            "Community Recycling Centres",
            "{n} neighbourhood centres that buy sorted recyclables and compost market waste, run "
            "with community groups.",
            "Urban Environment Company",
            _i("Recyclables collected at community centres", "t/year", 0, 9000),
            gesi=("women-girls", "low-income-marginalised"),
        ),
        _p(
            "Urban Heat and Climate Risk Map",
            "A city-wide map of heat, flood and landslide risk that guides planning permits and "
            "public investment.",
            "Urban Planning Department",
            _i("Wards with an adopted climate adaptation plan", "%", 0, 100),
        ),
        _p(
            "Coastal Erosion Monitoring",
            "Drone surveys and tide gauges along {n} km of coast to plan protection works.",
            "Department of Natural Resources and Environment",
            _i("Coastline surveyed each year", "km", 0, 40),
        ),
        _p(
            "Smart Irrigation for Public Parks",
            "Soil-moisture sensors and weather-based irrigation in {n}0 public parks.",
            "Parks and Green Spaces Department",
            _i("Water used to irrigate parks", "m³/year", 900000, 550000),
        ),
    ),
    "health-well-being": (
        _p(
            "Telemedicine for Community Health Centres",
            "Video consultations between {n}0 community health centres and city hospitals.",
            "Department of Health",
            _i("Teleconsultations", "consultations/year", 0, 50000),
            _i("Community health centres connected", "centres", 0, 60),
            gesi=("low-income-marginalised", "older-persons"),
        ),
        _p(
            "Electronic Health Records",
            "One electronic health record per resident, shared between public clinics and "
            "hospitals.",
            "Department of Health",
            _i("Residents with an electronic health record", "%", 10, 80),
        ),
        _p(
            "Social Housing Registry",
            "An online register and allocation of social housing units with transparent "
            "waiting lists.",
            "Department of Construction",
            _i("Social housing units allocated through the registry", "units", 0, 8000),
            gesi=("low-income-marginalised",),
        ),
        _p(
            "Connected Schools",
            "Broadband, devices and teacher training for {n}0 public schools.",
            "Department of Education and Training",
            _i("Public schools with broadband", "%", 40, 100),
            gesi=("children-youth",),
        ),
        _p(
            "Elderly Care Alert Service",
            "Wearable alarm buttons and a 24-hour response line for older persons living alone.",
            "Department of Social Welfare",
            _i("Older residents enrolled", "persons", 0, 6000),
            gesi=("older-persons", "persons-with-disabilities"),
        ),
        _p(
            "Maternal and Child Health App",
            "Appointment reminders, vaccination records and advice for pregnant women and young "
            "families.",
            "Department of Health",
            _i("Pregnant women registered for reminders", "%", 0, 70),
            gesi=("women-girls", "children-youth"),
        ),
        _p(
            "Accessible Public Spaces",
            "Ramps, tactile paving and audio signals in public buildings, parks and crossings.",
            "Department of Social Welfare",
            _i("Public buildings meeting accessibility standards", "%", 20, 60),
            gesi=("persons-with-disabilities", "older-persons"),
        ),
        _p(
            "Digital Literacy for Seniors",
            "Free courses in community centres on using phones for payments, health services and "
            "staying in touch.",
            "Department of Social Welfare",
            _i("Older residents trained", "persons", 0, 10000),
            gesi=("older-persons",),
        ),
        _p(
            "Community Health Data Dashboard",
            "Monthly reporting from every health facility into one dashboard for planning "
            "outreach.",
            "Department of Health",
            _i("Health facilities reporting monthly", "%", 45, 95),
        ),
        _p(
            "Stunting Prevention Programme",
            "Growth monitoring, nutrition counselling and home visits in the wards with the "
            "highest stunting rates.",
            "Department of Health",
            _i("Stunting prevalence among children under five", "%", 24, 14),
            gesi=("children-youth", "women-girls", "low-income-marginalised"),
        ),
    ),
    "safety-security": (
        _p(
            "Integrated Operations Centre",
            "One centre where police, fire, ambulance, traffic and utilities share live data "
            "and coordinate responses.",
            "Smart City Office",
            _i("Average emergency response time", "minutes", 18, 10),
            _i("Agencies connected to the centre", "agencies", 2, 14),
        ),
        _p(
            "CCTV and Video Analytics",
            "{n}00 cameras with video analytics on main roads, markets and transit hubs, under a "
            "published privacy policy.",
            "Public Security Department",
            _i("Public cameras connected", "cameras", 0, 1500),
        ),
        _p(
            "Single Emergency Number",
            "One number for police, fire and ambulance, with caller location and dispatch "
            "tracking.",
            "Public Security Department",
            _i("Emergency calls answered within 10 seconds", "%", 60, 95),
        ),
        _p(
            "Cybersecurity Operations Centre",
            "24-hour monitoring of the city's networks and systems, with incident response drills.",
            "Department of Information and Communications",
            _i("City systems under 24-hour monitoring", "%", 0, 90),
        ),
        _p(
            "Disaster Response App",
            "Evacuation routes, shelter locations and live warnings in local languages.",
            "Disaster Management Office",
            _i("Residents using the app", "users", 0, 250000),
            gesi=("ethnic-minorities", "persons-with-disabilities"),
        ),
        _p(
            "Food Safety Traceability",
            "QR codes on fresh produce trace it from farm to market stall.",
            "Department of Agriculture",
            _i("Market stalls using traceability codes", "stalls", 0, 4000),
        ),
        _p(
            "Fire Detection in the Old Quarter",
            "Connected smoke detectors in {n},000 homes of dense historic neighbourhoods.",
            "Fire and Rescue Department",
            _i("Homes with connected smoke detectors", "homes", 0, 9000),
            gesi=("low-income-marginalised",),
        ),
        _p(
            "Safe Routes to School",
            "Speed cameras, raised crossings and school-zone signs around {n}0 schools.",
            "Department of Transport",
            _i("Road crashes near schools", "per year", 120, 70),
            gesi=("children-youth",),
        ),
        _p(
            "Water Supply Security Monitoring",
            "Pressure and quality sensors across the water network, with alarms for contamination.",
            "Water Supply Company",
            _i("Households with continuous water supply", "%", 70, 95),
        ),
        _p(
            "Safer Public Transport for Women",
            "Panic buttons, cameras and trained staff on buses and at stations.",
            "Public Transport Authority",
            _i("Buses with panic buttons", "buses", 0, 400),
            gesi=("women-girls",),
        ),
    ),
    "civic-social": (
        _p(
            "One-Stop Online Public Services",
            "Every administrative procedure of the city online, with one login and status "
            "tracking.",
            "Department of Information and Communications",
            _i("Administrative procedures available online", "%", 15, 80),
            _i("Applications submitted online", "%", 5, 60),
        ),
        _p(
            "Open Data Portal",
            "The city's datasets published under an open licence, with an API for developers.",
            "Department of Information and Communications",
            _i("Open datasets published", "datasets", 0, 200),
        ),
        _p(
            "Smart Tourism Platform",
            "A visitor app and website with attractions, events, crowd levels and e-tickets.",
            "Department of Tourism",
            _i("Visitors using the city tourism app", "users", 0, 400000),
        ),
        _p(
            "Digital Heritage Archive",
            "3D scans and stories of {n}0 heritage sites, open to schools and visitors.",
            "Department of Culture",
            _i("Heritage sites digitised", "sites", 0, 60),
        ),
        _p(
            "Citizen Feedback App",
            "Residents report potholes, flooding and broken lights with a photo and follow the "
            "response.",
            "Smart City Office",
            _i("Reports resolved within seven days", "%", 30, 85),
        ),
        _p(
            "Cashless Municipal Payments",
            "Fees, fines and market rents paid by QR code or card at every city office.",
            "Department of Finance",
            _i("Municipal fees paid electronically", "%", 10, 70),
        ),
        _p(
            "Urban Data Platform",
            "One platform that brings together data from transport, environment and services "
            "for planning.",
            "Smart City Office",
            _i("Datasets integrated in the platform", "datasets", 0, 150),
        ),
        _p(
            "Public Wi-Fi in Public Spaces",
            "Free Wi-Fi in {n}0 parks, markets and libraries.",
            "Department of Information and Communications",
            _i("Free Wi-Fi hotspots", "hotspots", 0, 600),
            gesi=("low-income-marginalised", "children-youth"),
        ),
        _p(
            "Participatory Budgeting Online",
            "Residents propose and vote on neighbourhood projects within a share of the city "
            "budget.",
            "Department of Planning and Investment",
            _i("Residents taking part in participatory budgeting", "persons", 0, 40000),
            gesi=("women-girls", "ethnic-minorities"),
        ),
        _p(
            "Digital Identity for City Services",
            "A verified digital identity that residents use for every city service.",
            "Department of Information and Communications",
            _i("Residents with a digital identity", "%", 0, 50),
        ),
    ),
    "industry-innovation": (
        _p(
            "Start-up Incubator and Innovation Hub",
            "Co-working space, mentoring and seed grants for technology start-ups.",
            "Department of Science and Technology",
            _i("Start-ups incubated", "start-ups", 0, 80),
            _i("Jobs created by incubated firms", "jobs", 0, 1200),
            gesi=("children-youth",),
        ),
        _p(
            "Digital Skills for Youth Employment",
            "Courses in coding, data and digital marketing with placements in local firms.",
            "Department of Labour",
            _i("Young people trained", "persons", 0, 5000),
            gesi=("children-youth", "women-girls"),
        ),
        _p(
            "Small Business E-Commerce Programme",
            "Training and a shared marketplace that bring local small businesses online.",
            "Department of Industry and Trade",
            _i("Small businesses selling online", "businesses", 0, 3000),
        ),
        _p(
            "Smart Industrial Estate",
            "Shared energy management, water recycling and digital logistics for estate tenants.",
            "Industrial Estate Authority",
            _i("Tenants using shared energy management", "firms", 0, 120),
        ),
        _p(
            "Urban Living Lab",
            "Streets and buildings where companies test urban solutions with residents.",
            "Smart City Office",
            _i("Solutions piloted", "pilots", 0, 30),
        ),
        _p(
            "University Research Partnership",
            "Joint research between city departments and universities on urban challenges.",
            "Department of Science and Technology",
            _i("Joint research projects", "projects", 0, 25),
        ),
        _p(
            "Creative Economy Hub",
            "Studios, a maker space and a marketplace for designers, craftspeople and media firms.",
            "Department of Culture",
            _i("Creative businesses registered", "businesses", 0, 400),
        ),
        _p(
            "Investment Promotion Portal",
            "An online one-stop shop for investors with sites, incentives and permit tracking.",
            "Department of Planning and Investment",
            _i("Investment enquiries handled online", "enquiries/year", 0, 900),
        ),
        _p(
            "Agri-Tech for Peri-Urban Farmers",
            "An advisory app with weather, prices and pest alerts for farmers on the city's edge.",
            "Department of Agriculture",
            _i("Farmers using the advisory app", "farmers", 0, 7000),
            gesi=("low-income-marginalised", "ethnic-minorities"),
        ),
        _p(
            "Women Entrepreneurs Digital Market",
            "Training, micro-loans and an online market for women-led small businesses.",
            "Women's Union",
            _i("Women-led businesses onboarded", "businesses", 0, 1500),
            gesi=("women-girls",),
        ),
    ),
}
