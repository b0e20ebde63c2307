"""What the people app tells the apps above it, without knowing them (they connect in their
AppConfig.ready())."""

from django.dispatch import Signal

# Sent, inside the transaction, after a person's facts changed (an edit or a merge), with
# `person` (the record as saved). The cases app restricts the cases of a person who is now a
# child.
facts_changed = Signal()
