"""The span invariant, checked by every test that sees spans."""


def assert_spans(text: str, spans) -> None:
    """The design invariant: every span indexes exactly its surface."""
    for start, end, surface in spans:
        assert 0 <= start <= end <= len(text), (start, end)
        assert text[start:end] == surface, (start, end, surface, text[start:end])
