"""The default cache when REDIS_URL is set: Redis, and a per-process memory cache while Redis
cannot be reached, so that pages, API reads and throttles keep working (throttles then count per
process) instead of answering 500. Each outage is logged once, when it starts.

Below it, the cache of public pages and API reads (anonymous GETs), kept fresh by a generation
that every change of public data renews."""

import gzip
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# After a failure, Redis is tried again only after this many seconds, so an outage costs one
# connection timeout per interval and process, not one per cache call.
RETRY_AFTER_SECONDS = 5.0

_WRAPPED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"redis-fallback-{id(self)}", {"TIMEOUT": self.default_timeout}
        )
        self._down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def ping(self) -> None:
        """Raise if Redis does not answer now (the health check), whatever the fallback does."""
        self._cache.get_client(write=True).ping()

    def run_script(self, script, keys: list[str], args: list) -> object | None:
        """Run a Lua script (redis-py `Script`) on the cache's keys (made as the cache makes
        them) in one round trip; None while Redis cannot be reached: the caller does without."""
        if self.is_down:
            return None
        keys = [self.make_and_validate_key(key) for key in keys]
        try:
            return script(keys=keys, args=args, client=self._cache.get_client(write=True))
        except RedisError as exc:
            self._failed(exc)
            return None

    def _failed(self, exc: Exception) -> None:
        if not self.is_down:
            log.warning("Cache unreachable, using a per-process cache for now: %s", exc)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS


def _resilient(name: str):
    def method(self, *args, **kwargs):
        if not self.is_down:
            try:
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except RedisError as exc:
                self._failed(exc)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _WRAPPED:
    setattr(ResilientRedisCache, _name, _resilient(_name))


# --- Public pages and API reads from the cache ------------------------------------------------
#
# An anonymous GET (no session cookie, no messages cookie, no Authorization header) is answered
# from the cache when the same page was built since the public data last changed. Every entry is
# stored with the *generation* it was built under; `public_data_changed()` sets a new generation
# (after the transaction commits), so the next read of every page builds it again: a publication,
# a new meeting or a reference-data load is visible at once. Saves and deletes of the portal's
# public models call it through signals (`connect_public_data_signals`, from CoreConfig.ready);
# the services that write in bulk (publication, reference data) call it themselves.
#
# The CSRF token of the language switcher is the one part of an anonymous page that differs per
# visitor: it is stored as a placeholder and each hit gets the visitor's own token (get_token),
# so the cached page never hands out someone else's token. Signed-in people, pages that set a
# cookie or queue a message, and any answer other than a plain 200 are never stored.

# Every app whose rows a public page can show: the review's amendments change what a closed year
# says changed; people's display names (accounts) appear with their appointments.
PUBLIC_APPS = frozenset(
    {
        "accounts",
        "cities",
        "action_plans",
        "partners",
        "meetings",
        "learning",
        "reports",
        "reference",
        "review",
    }
)
GENERATION_KEY = "public:generation"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HOLE = b"\x00csrf\x00"
# A shared cache between the portal and the browser (a proxy) must not hand the anonymous copy to
# someone signed in: the answer depends on these request headers.
VARY = ("Cookie", "Authorization")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def public_cache_seconds() -> int:
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0)


def public_data_changed() -> None:
    """Every cached public page and API read is rebuilt on its next request (after commit).
    Once per transaction: a load that saves thousands of rows renews the generation once.
    Nothing to renew while the cache is off (PUBLIC_CACHE_SECONDS=0; entries stored before it
    was turned off expire within their timeout)."""
    if public_cache_seconds() <= 0:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is new_generation for _ids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(new_generation, robust=True)


def new_generation() -> None:
    caches["default"].set(GENERATION_KEY, time.time_ns(), None)


def _on_write(sender, **kwargs) -> None:
    if sender._meta.app_label in PUBLIC_APPS:
        public_data_changed()


def _on_m2m(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _on_write(kwargs["model"])
        _on_write(sender)


def connect_public_data_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="public-cache-save")
    post_delete.connect(_on_write, dispatch_uid="public-cache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="public-cache-m2m")


def is_anonymous_read(request) -> bool:
    """A GET that no signed-in person, session or pending message can have shaped."""
    if request.method != "GET" or public_cache_seconds() <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def cache_key(request, *parts) -> str:
    """One entry per address, host, language, day (pages speak of "upcoming") and `parts`."""
    raw = "\x1f".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            timezone.localdate().isoformat(),
            *map(str, parts),
        ]
    )
    return "public:page:2:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_response(request, key: str) -> HttpResponse | None:
    """The stored answer if it was built under the current generation (one cache round trip)."""
    found = caches["default"].get_many([GENERATION_KEY, key])
    entry = found.get(key)
    if entry is None or entry[0] != found.get(GENERATION_KEY):
        return None
    _generation, status, headers, content, gzipped, etag = entry
    last_modified = headers.get("Last-Modified")
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # it decides alone when sent (RFC 9110, 13.2.2)
        unchanged = etag in _etags(if_none_match)
    else:
        since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        unchanged = bool(last_modified) and since == last_modified
    if unchanged:
        response = HttpResponseNotModified()
    elif gzipped is not None and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        # Compressed once when stored (GZipMiddleware leaves an encoded answer alone).
        response = HttpResponse(gzipped, status=status)
        response.headers["Content-Encoding"] = "gzip"
    else:
        if _CSRF_HOLE in content:
            content = content.replace(_CSRF_HOLE, get_token(request).encode())
        response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response.headers[name] = value
    response.headers["ETag"] = f"W/{etag}" if response.has_header("Content-Encoding") else etag
    patch_vary_headers(response, (*VARY, "Accept-Encoding"))
    return response


def store_response(request, key: str, response) -> None:
    """Keep a plain 200 built for an anonymous reader, with ETag and Last-Modified."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return
    cache = caches["default"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY)
    content = _CSRF_INPUT.sub(rb"\1" + _CSRF_HOLE + rb"\2", response.content)
    if _holds_csrf_token(request, content):
        return  # a token outside a form's hidden input (a script, the browsable API): not shared
    etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "set-cookie", "etag")
    }
    headers.setdefault("Last-Modified", http_date(int(generation) / 1e9))
    patch_vary_headers(response, VARY)
    headers["Vary"] = response["Vary"]
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = headers["Last-Modified"]
    # A body without a CSRF token holds nothing secret (BREACH needs a secret): compress it once
    # here rather than on every hit. One with the token is compressed per answer, padded.
    gzipped = None
    if _CSRF_HOLE not in content and len(content) >= 200:
        gzipped = gzip.compress(content, compresslevel=6, mtime=0)
    entry = (generation, response.status_code, headers, content, gzipped, etag)
    cache.set(key, entry, public_cache_seconds())


_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)


def _holds_csrf_token(request, content: bytes) -> bool:
    """Whether the visitor's CSRF token is still in the body, in any masked form."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return False
    return any(
        _unmask_cipher_token(candidate.decode()) == secret
        for candidate in _TOKEN_LIKE.findall(content)
    )


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class PublicPageCacheMiddleware:
    """Anonymous GETs of web pages and open-data files from the cache (the API caches its reads
    in `core.api.base`, after authentication and throttles). Sits after CsrfViewMiddleware (a
    hit asks it for the visitor's token) and before AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request) or request.path.startswith(_SKIPPED_PREFIXES):
            return self.get_response(request)
        key = cache_key(request)
        hit = cached_response(request, key)
        if hit is not None:
            return hit
        response = self.get_response(request)
        store_response(request, key, response)
        return response


_SKIPPED_PREFIXES = ("/api/", "/admin/", "/accounts/", "/health/", "/static/", "/media/")
