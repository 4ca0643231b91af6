"""lokalservice: a Swedish government inquiry's correspondence, kept as YAML, checked and queried."""

__version__ = "0.1.0"
