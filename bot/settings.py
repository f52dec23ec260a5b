"""Runtime settings, read from the environment once at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = "sqlite+aiosqlite:///data/bot.sqlite3"
    app_id: str = ""
    app_password: str = ""
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    log_format: str = "text"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

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
            app_id=env.get("MicrosoftAppId", ""),
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=app_type,
            app_tenant_id=env.get("MicrosoftAppTenantId", ""),
            log_format=env.get("LOG_FORMAT", defaults.log_format),
        )
