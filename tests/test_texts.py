"""The catalogue of what the bot says and what people may type."""
from pathlib import Path

import pytest

from texts import Texts


def catalogue(tmp_path: Path, body: str) -> Texts:
    (tmp_path / "feature.yaml").write_text(body, encoding="utf-8")
    return Texts.load(tmp_path)


def test_phrases_people_type_are_read_as_words_in_either_language(tmp_path):
    texts = catalogue(tmp_path, 'start_words:\n  sv: ["Starta", "börja nu"]\n  en: ["start"]\n')
    assert texts.phrases("start_words") == {("starta",), ("börja", "nu"), ("start",)}


@pytest.mark.parametrize("entry", ['sv: "Hej"\n  en: ["hello"]', 'sv: []\n  en: []', 'sv: "Hej"', 'sv: [""]\n  en: ["x"]'])
def test_an_entry_is_both_texts_or_both_lists_of_phrases(tmp_path, entry):
    with pytest.raises(ValueError, match="greeting"):
        catalogue(tmp_path, f"greeting:\n  {entry}\n")
