"""Project import and export: ASEC imports for any city, a city's users into their own city."""

from tests.matrix.spec import FORBIDDEN, LOGIN, OK, ReadOnly, Write

URLS = {
    "action_plans:import": Write(
        kwargs=lambda target: {},
        expect={
            None: {
                "official-da-nang": OK,
                "csco-da-nang": OK,
                "official-bangkok": OK,
                "nr-vn": FORBIDDEN,
                "nr-th": FORBIDDEN,
                "asec": OK,
                "partner-adb": FORBIDDEN,
                "anonymous": LOGIN,
            }
        },
    ),
    "action_plans:export_csv": ReadOnly(),
    "action_plans:export_xlsx": ReadOnly(),
}
