"""The pure core: frameworks as data, rating rules, sampling and phrasing. No Django, no I/O."""
