"""The fixed segment kinds and labels of ../shared/design/LABELS.md."""

from __future__ import annotations

#: Segment kinds, in the order LABELS.md lists them.
KINDS: tuple[str, ...] = ("title", "caption", "sentence", "lead_in", "list_item")

#: Segment labels; exactly one per segment.
LABELS: tuple[str, ...] = ("result", "difficulty", "proposal", "task", "other")
