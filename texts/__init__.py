"""The bot's own words and the words people type, Swedish and English, loaded once.

An entry is a text the bot says (`sv:` and `en:` strings, Markdown) or what people may type for
something (`sv:` and `en:` lists of phrases), read with `phrases`."""
from __future__ import annotations

from pathlib import Path

import yaml

from model.fields import YAML_LOADER
from texts.markdown import Markdown, escape
from texts.typed import words
from model.types import Model


class Texts:
    def __init__(self, catalogue: dict[str, dict[str, str | list[str]]]) -> None:
        self._catalogue = catalogue
        self._phrases = {key: frozenset(tuple(words(phrase)) for lang in ("sv", "en") for phrase in entry[lang])
                         for key, entry in catalogue.items() if isinstance(entry["sv"], list)}

    @classmethod
    def load(cls, folder: Path = Path(__file__).parent) -> "Texts":
        """Every feature keeps its words in its own file in `folder`; a key may appear only once."""
        catalogue: dict[str, dict[str, str]] = {}
        for path in sorted(folder.glob("*.yaml")):
            with path.open(encoding="utf-8") as handle:
                texts = yaml.load(handle, Loader=YAML_LOADER) or {}  # the C loader: loaded with every bot
            twice = sorted(set(texts) & set(catalogue))
            missing = [key for key, entry in texts.items() if not _complete(entry)]
            if twice or missing:
                raise ValueError(f"{path}: keys defined twice: {twice}; entries without both sv and en "
                                 f"(both texts, or both lists of phrases): {missing}")
            catalogue.update(texts)
        return cls(catalogue)

    def phrases(self, key: str) -> frozenset[tuple[str, ...]]:
        """What people may type for `key`, in either language, as the words `texts.typed.words` reads."""
        return self._phrases[key]

    def keys(self) -> list[str]:
        return list(self._catalogue)

    def __contains__(self, key: str) -> bool:
        return key in self._catalogue

    def __call__(self, key: str, lang: str, /, **values: object) -> Markdown:
        """The text in Markdown; what people typed among `values` (every str not already Markdown)
        is escaped, so a name such as "**Fet** kommun" shows as typed."""
        shown = {name: escape(value) if isinstance(value, str) else value for name, value in values.items()}
        return Markdown(self.plain(key, lang, **shown))

    def plain(self, key: str, lang: str, /, **values: object) -> str:
        """The text with `values` as given, for what shows no Markdown: button titles, web pages."""
        text = self._catalogue[key]["en" if lang == "en" else "sv"]
        return text.format(**values) if values else text

    def level(self, model: Model, level: int | None, lang: str, not_applicable: bool = False) -> Markdown:
        """A level as people read it: "★★ Mycket tillfredsställande", "under nivå 1", "–"."""
        if level is None:
            return self("level_not_applicable" if not_applicable else "level_unanswered", lang)
        if level == 0:
            return self("level_zero", lang)
        return Markdown(f"{'★' * level} {model.level_name(level)(lang)}")


def _complete(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    sv, en = entry.get("sv"), entry.get("en")
    texts = isinstance(sv, str) and isinstance(en, str) and bool(sv and en)
    phrases = all(isinstance(side, list) and side and all(isinstance(p, str) and p for p in side) for side in (sv, en))
    return texts or phrases
