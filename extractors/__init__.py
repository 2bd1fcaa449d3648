"""From a PDF to facts: page text, spaCy rules, and the per-paper record."""
