"""The seller's conversation tag colours, and what each one means to their team.

Agents tag conversations and after-sales cases with these; the order here is
the order tags are shown and stored in.
"""

TAG_COLOURS = (
    "yellow",  # reshipped: a new tracking number is owed
    "blue",  # big or returning customer: follow up
    "green",  # refund
    "red",  # product quality problem: report it
    "purple",  # logistics dispute refund
)
