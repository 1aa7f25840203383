"""The six work themes of the partnership's Prevent action plan, in the plan's order: the
dashboard and every report are arranged by them."""

THEMES = {
    1: "Community and voluntary sector engagement",
    2: "Leadership, governance and accountability",
    3: "Awareness, learning and development",
    4: "Safe education",
    5: "Support",
    6: "Intelligence and communications",
}
