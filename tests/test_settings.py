"""What an operator sets in the environment reaches the bot, and a mistyped value stops it with a clear message."""
from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError


def test_postgres_pool_is_sized_from_the_environment_with_a_default():
    assert (Settings.from_env({}).database_pool_size, Settings.from_env({}).database_max_overflow) == (10, 10)
    settings = Settings.from_env({"DATABASE_POOL_SIZE": "25", "DATABASE_MAX_OVERFLOW": "0"})
    assert (settings.database_pool_size, settings.database_max_overflow) == (25, 0)


@pytest.mark.parametrize("variable, value", [
    ("DATABASE_POOL_SIZE", "ten"), ("DATABASE_POOL_SIZE", "0"), ("DATABASE_MAX_OVERFLOW", "-1"),
])
def test_a_pool_size_that_is_no_count_stops_start_up_naming_the_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})
