"""Text -> model. Pure functions, one article at a time, no global state, no textual."""
