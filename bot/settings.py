"""Runtime settings, read from the environment once at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from storage.database import POOL_MAX_OVERFLOW, POOL_SIZE

APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = "sqlite:///data/bot.sqlite3"
    # PostgreSQL: connections kept open per instance, and how many more a burst outside turns (reports,
    # sweeps) may open for a moment. Turns never wait on more than the pool: they queue in the event loop.
    database_pool_size: int = POOL_SIZE
    database_max_overflow: int = POOL_MAX_OVERFLOW
    app_id: str = ""
    app_password: str = ""
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    log_format: str = "text"
    # Signs report links. Empty: a random secret per start, so links die with a restart (app.py warns).
    report_secret: str = ""
    # Where people's browsers reach the bot, for report links; empty: http://HOST:PORT.
    public_base_url: str = ""
    # Shared with an outside timer calling POST /api/nudges/sweep; empty turns that endpoint off (404).
    nudge_sweep_secret: str = ""
    # Seconds between the in-process nudge sweeps; 0 turns the loop off, leaving only the endpoint.
    nudge_interval_seconds: float = 60.0

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        defaults = cls()
        app_type = env.get("MicrosoftAppType", defaults.app_type) or defaults.app_type
        if app_type not in APP_TYPES:
            raise SettingsError(f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
        try:
            port = int(env.get("PORT", defaults.port))
        except ValueError as error:
            raise SettingsError(f"PORT must be a number: {env.get('PORT')!r}") from error
        return cls(
            host=env.get("HOST", defaults.host),
            port=port,
            database_url=env.get("DATABASE_URL", defaults.database_url),
            database_pool_size=_count(env, "DATABASE_POOL_SIZE", defaults.database_pool_size, least=1),
            database_max_overflow=_count(env, "DATABASE_MAX_OVERFLOW", defaults.database_max_overflow, least=0),
            app_id=env.get("MicrosoftAppId", ""),
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=app_type,
            app_tenant_id=env.get("MicrosoftAppTenantId", ""),
            log_format=env.get("LOG_FORMAT", defaults.log_format),
            report_secret=env.get("REPORT_SECRET", ""),
            public_base_url=env.get("PUBLIC_BASE_URL", ""),
            nudge_sweep_secret=env.get("NUDGE_SWEEP_SECRET", ""),
            nudge_interval_seconds=_seconds(env, "NUDGE_INTERVAL_SECONDS", defaults.nudge_interval_seconds),
        )


def _count(env: Mapping[str, str], name: str, default: int, least: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from error
    if value < least:
        raise SettingsError(f"{name} must be at least {least}, not {raw!r}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a number of seconds, not {raw!r}") from error
    if value < 0:
        raise SettingsError(f"{name} must not be negative, not {raw!r}")
    return value
