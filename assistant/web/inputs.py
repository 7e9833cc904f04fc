"""What HTTP bodies may hold: a strict base model, and string types that refuse text that cannot be read."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def readable(value: str) -> str:
    """``value`` if it is valid Unicode (no lone surrogate, which no UTF-8 text can hold); else ``ValueError``."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (no lone surrogate)") from None
    return value


def one_line(value: str) -> str:
    """``value`` if it holds no control character (line breaks included); else ``ValueError``."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(readable)]
"""Free text, such as a shopper's message: any readable text (control characters are dealt with later)."""
Word = Annotated[str, AfterValidator(readable), AfterValidator(one_line)]
"""An id, a token, a locale: readable text without control characters."""


class StrictBody(BaseModel):
    """A JSON body read strictly: no unknown field, no type coerced ("1" is not 1, "no" is not false), no NaN or
    infinity."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)
