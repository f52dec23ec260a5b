"""The terminal chat (`make chat`) plays several people: `/som Anna`, `/som Bo` and `/som Cecilia` run a
workshop of three in one group chat, from the start to the agreed answers."""
from __future__ import annotations

from bot import chat
from bot.settings import Settings

SCRIPT = [
    "/som Anna", "hej", "Falu kommun", "1", "min roll ledning", "/som Bo", "min roll upphandling",
    "/som Cecilia", "min roll politiker", "/som Anna", "workshop kris", "1",
    "2", "/som Bo", "1", "/som Cecilia", "3", "/som Bo", "6", "/som Anna", "6", "2",
    "/som Cecilia", "1", "/som Bo", "1", "/som Anna", "1", "6", "1", "status",
]


async def test_three_people_run_a_workshop_in_the_terminal(sqlite_url, monkeypatch, capsys):
    lines = iter(SCRIPT)

    async def read_line():
        return next(lines, None)

    monkeypatch.setattr(chat, "_read_line", read_line)
    await chat.chat(Settings(port=0, database_url=sqlite_url, nudge_interval_seconds=0), "tester")
    shown = capsys.readouterr().out
    assert "You now write as Cecilia, i gruppchatten" in shown
    assert "3 av 3 har svarat." in shown and "[kortet ovan uppdaterat / card above updated]" in shown
    assert "Bo: bara samtalsledaren (Anna) eller en administratör kan göra det." in shown
    assert "★★★ Excellent: 1 (Cecilia)" in shown and "Per roll: Politiker: 3 · Ledning: 2 · Upphandling: 1" in shown
    assert "Ni enades om: ★★ Mycket tillfredsställande" in shown
    assert "Ni enades om 2 av 2 frågor." in shown and "Vad workshopen visade" in shown
    assert "Kris och beredskap: Politiker 2 · Ledning 1,5 · Upphandling 1" in shown
    assert "Kris och beredskap: ★ Tillfredsställande" in shown
