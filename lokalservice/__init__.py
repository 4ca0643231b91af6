"""lokalservice: a Swedish government inquiry's correspondence, kept as YAML, checked and queried.

The command line is one way in; the same use cases are functions (docs/development.md, "As a library"):

    import lokalservice
    inquiry = lokalservice.open_inquiry("path/to/folder", today="2009-06-01")
    for item in lokalservice.deadline_items(inquiry.folder, inquiry.today):
        print(item.due, item.what)

The names below are imported when first used, so `import lokalservice` (and every command) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> (module, attribute): the library's surface, each a function over values that returns values.
_EXPORTS = {
    "open_inquiry": ("lokalservice.workspace", "open_inquiry"),
    "Workspace": ("lokalservice.workspace", "Workspace"),
    "LokalserviceError": ("lokalservice.model.problems", "LokalserviceError"),
    "using_language": ("lokalservice.i18n", "using"),
    "deadline_items": ("lokalservice.queries.deadlines", "items"),
    "reply_report": ("lokalservice.queries.replies", "report"),
    "distribution": ("lokalservice.queries.distribution", "distribution"),
    "record_reply": ("lokalservice.actions.replies", "record_reply"),
    "remove_reply": ("lokalservice.actions.replies", "remove_reply"),
    "plan_reminders": ("lokalservice.actions.reminders", "plan_reminders"),
    "letter_batch": ("lokalservice.actions.sending", "letter_batch"),
    "reminder_batch": ("lokalservice.actions.sending", "reminder_batch"),
    "write_drafts": ("lokalservice.actions.sending", "drafts"),
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'lokalservice' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
