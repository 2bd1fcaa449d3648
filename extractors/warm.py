"""Imported by the parse fork server: builds the rules pipeline once, for every child."""

from extractors.nlp import pipeline

pipeline()
