"""Reading a rough value in kronor as people type it: "2 miljoner", "500 000 kr", "1,5 mkr", "300 tkr"."""
from __future__ import annotations

import re
from decimal import Decimal

MULTIPLIERS = {
    **dict.fromkeys(("", "kr", "kronor", "sek", ":-"), 1),
    **dict.fromkeys(("tkr", "tusen", "k", "thousand"), 1_000),
    **dict.fromkeys(("mkr", "mnkr", "msek", "milj", "miljon", "miljoner", "m", "mn", "million", "millions"), 1_000_000),
    **dict.fromkeys(("mdkr", "mdr", "miljard", "miljarder", "billion", "billions"), 1_000_000_000),
}
# A number with optional thousands groups ("500 000", "1,500,000") or decimals ("1,5"), then a unit.
_AMOUNT = re.compile(
    r"^(?:ca\.?|cirka|runt|ungefär|omkring|about|around|approx\.?)?\s*"
    r"(\d{1,3}(?:[ ,.]\d{3})+|\d+(?:[.,]\d+)?)\s*([a-zåäö:-]*)(?:\s+(kr|kronor|sek))?$")


def read_amount(text: str | None) -> int | None:
    """Whole kronor, or None when the text is not an amount."""
    phrase = " ".join((text or "").lower().replace("\u00a0", " ").split())
    match = _AMOUNT.match(phrase)
    if not match or match[2] not in MULTIPLIERS:
        return None
    number = match[1]
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", number):
        number = re.sub(r"[ ,.]", "", number)  # thousands groups, not decimals
    amount = Decimal(number.replace(",", ".")) * MULTIPLIERS[match[2]]
    return int(amount) if amount > 0 else None


def format_amount(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"
