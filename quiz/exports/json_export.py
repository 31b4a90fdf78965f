"""Export the bank as the JSON of the bank contract (documents without their text)."""
from __future__ import annotations

import json

from quiz.core.items import Bank


def export_json(bank: Bank, *, bank_name: str = "quiz") -> bytes:
    """Serialise the bank to the contract's JSON (UTF-8), with its name as an extra key."""
    data = {"name": bank_name, **bank.to_dict(with_text=False)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
