"""The course's colours, in one place: pictures, widgets and exercise verdicts agree.

Chosen for contrast on white (WCAG AA for text) and to read the same in the PNGs and in HTML.
"""

GREEN = "#1a7f37"
"""Success: valid, verified, ✔."""
RED = "#b42318"
"""Failure: refused, expired, ✘."""
GREY = "#667085"
"""Neutral: not yet answered, notes."""
BLUE = "#175cd3"
"""Links and the learner's own data."""
AMBER = "#b54708"
"""Warnings: expiring soon, simulated."""
LIGHT_GREY = "#98a2b3"
"""Filler: the padding bytes of a signature."""
HIGHLIGHT = "#fff4c2"
"""The step a diagram points at."""
