"""The traffic of bench/load.py (locust, headless): run that script, not this file.

Three kinds of users, weighted like the portal's audience: anonymous visitors on the public
pages, API clients signed in with the token of a city official, and one ASEC staff member who
signs in through the login form and the two-factor page, then reads the dashboards. Every
request must answer 200 directly (a redirect to the login page is a failure too).

bench/load.py passes, in the environment: LOAD_CITIES and LOAD_COUNTRIES (slugs and codes to
open), LOAD_TOTP_KEY (hex secret of `asec`'s authenticator for this run), LOAD_PASSWORD.
"""

from __future__ import annotations

import os
import random
import re
from binascii import unhexlify
from urllib.parse import urlsplit

from django_otp.oath import TOTP
from locust import HttpUser, between, task

CITIES = os.environ["LOAD_CITIES"].split(",")
COUNTRIES = os.environ["LOAD_COUNTRIES"].split(",")
PASSWORD = os.environ["LOAD_PASSWORD"]
OFFICIALS = ["official-da-nang", "official-bangkok"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)

    def page(self, path: str, name: str | None = None, **kwargs) -> None:
        """GET `path`; anything but a 200 (a redirect included) counts as a failure."""
        with self.client.get(
            path, name=name or path, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Visitor(PortalUser):
    """Someone reading the public portal without signing in."""

    weight = 6

    @task(3)
    def home(self):
        self.page("/")

    @task(2)
    def cities(self):
        self.page("/cities/")

    @task(4)
    def city(self):
        self.page(f"/cities/{random.choice(CITIES)}/", name="/cities/[slug]/")

    @task(2)
    def country(self):
        self.page(f"/countries/{random.choice(COUNTRIES)}/", name="/countries/[code]/")

    @task
    def partners(self):
        self.page("/partners/")

    @task
    def opportunities(self):
        self.page("/opportunities/")

    @task
    def meetings(self):
        self.page("/meetings/")

    @task(2)
    def progress(self):
        self.page("/progress/")


class ApiClient(PortalUser):
    """A city's system reading the API with its official's token."""

    weight = 2

    def on_start(self):
        with self.client.post(
            "/api/auth/token/",
            json={"username": random.choice(OFFICIALS), "password": PASSWORD},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                self.token = ""
                return
            self.token = response.json()["token"]

    def api(self, path: str) -> None:
        self.page(path, headers={"Authorization": f"Token {self.token}"})

    @task
    def cities(self):
        self.api("/api/cities/")

    @task(2)
    def projects(self):
        self.api("/api/projects/")

    @task
    def action_plans(self):
        self.api("/api/action-plans/")


class AsecStaff(PortalUser):
    """ASEC staff: password, then the authenticator's code, then the network's dashboards."""

    fixed_count = 1

    def on_start(self):
        self.signed_in = False
        form = self.client.get("/accounts/login/?next=/dashboard/", name="sign-in: login form")
        landing = self.submit(
            "/accounts/login/",
            form.text,
            {"username": "asec", "password": PASSWORD, "next": "/dashboard/"},
            name="sign-in: password",
            expect="/accounts/two-factor/",
        )
        if landing is None:
            return
        code = f"{TOTP(unhexlify(os.environ['LOAD_TOTP_KEY'])).token():06d}"
        self.signed_in = (
            self.submit(
                "/accounts/two-factor/?next=/dashboard/",
                landing.text,
                {"code": code, "next": "/dashboard/"},
                name="sign-in: two-factor code",
                expect="/dashboard/",
            )
            is not None
        )

    def submit(self, path: str, page: str, fields: dict, *, name: str, expect: str):
        """Post a form with the CSRF token of `page`; the response it lands on (redirects
        followed), or None when it is not `expect` with a 200."""
        token = CSRF_FIELD.search(page)
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", **fields},
            headers={"Referer": self.host + path},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 200 and urlsplit(response.url).path == expect:
                return response
            response.failure(f"landed on {urlsplit(response.url).path} ({response.status_code})")
            return None

    @task(3)
    def dashboard(self):
        if self.signed_in:
            self.page("/dashboard/")

    @task
    def country_dashboard(self):
        if self.signed_in:
            self.page(
                f"/dashboard/countries/{random.choice(COUNTRIES)}/",
                name="/dashboard/countries/[code]/",
            )
