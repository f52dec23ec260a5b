"""The bot's own words, Swedish and English, loaded once."""
from __future__ import annotations

from pathlib import Path

import yaml

from texts.markdown import Markdown, escape
from model.types import Model


class Texts:
    def __init__(self, catalogue: dict[str, dict[str, str]]) -> None:
        self._catalogue = catalogue

    @classmethod
    def load(cls, folder: Path = Path(__file__).parent) -> "Texts":
        """Every feature keeps its words in its own file in `folder`; a key may appear only once."""
        catalogue: dict[str, dict[str, str]] = {}
        for path in sorted(folder.glob("*.yaml")):
            with path.open(encoding="utf-8") as handle:
                texts = yaml.safe_load(handle) or {}
            twice = sorted(set(texts) & set(catalogue))
            missing = [key for key, text in texts.items() if not (text.get("sv") and text.get("en"))]
            if twice or missing:
                raise ValueError(f"{path}: keys defined twice: {twice}; texts without both sv and en: {missing}")
            catalogue.update(texts)
        return cls(catalogue)

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
