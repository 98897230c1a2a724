"""Typed readers for settings taken from the environment.

Each reader fails loudly (ImproperlyConfigured) on a value it cannot parse, so a typo in the
environment stops the process at start-up instead of silently falling back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off); got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str = "", *, schemes: tuple[str, ...]) -> str:
    raw = os.environ.get(name, default).strip()
    if raw and raw.split("://", 1)[0] not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}; got {raw!r}.")
    return raw


def env_rate(name: str, default: str) -> str:
    """A throttle rate such as `120/minute` (number / second, minute, hour or day)."""
    raw = os.environ.get(name, default).strip()
    number, _, period = raw.partition("/")
    if not number.isdigit() or period not in ("second", "minute", "hour", "day"):
        raise ImproperlyConfigured(
            f"{name} must look like 120/minute (per second, minute, hour or day); got {raw!r}."
        )
    return raw


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, matched without regard to case and returned as spelled there."""
    raw = os.environ.get(name, default).strip()
    by_folded = {choice.casefold(): choice for choice in choices}
    if raw.casefold() not in by_folded:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}.")
    return by_folded[raw.casefold()]


def env_iati_identifier(name: str, default: str) -> str:
    """An IATI identifier: the standard forbids spaces and the characters / & | ?."""
    value = os.environ.get(name, default).strip()
    if not value or any(char in value for char in "/&|? \t"):
        raise ImproperlyConfigured(
            f"{name} must be an IATI identifier without spaces or / & | ?; got {value!r}."
        )
    return value
