"""The Dala maturity model: content, loading and scoring. No bot, web or database code here."""
from model.loader import ModelError, load_model, load_model_from_text

__all__ = ["ModelError", "load_model", "load_model_from_text"]
