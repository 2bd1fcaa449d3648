"""The sentence rules run as spaCy components, one per field, each declared by a factory
with a config and writing what it finds to `doc._.reading.found`."""

from __future__ import annotations

import pytest
import spacy

from flopwatch.extractors import components
from flopwatch.extractors.mentions import Reading
from flopwatch.extractors.nlp import pipeline


def test_each_field_has_its_own_component_after_the_span_ruler():
    names = pipeline().pipe_names
    fields = [f"flopwatch_{field}" for field in components.RULES]
    assert names[names.index("gated_span_ruler") + 1:] == [components.OWN_SENTENCES, *fields]


def test_a_doc_carries_what_each_field_found_and_skips_others_work():
    nlp = pipeline()
    doc = nlp("We train the model on 8 NVIDIA V100 GPUs for 3 days. "
              "Smith et al. (2019) who use 96 K80s report 71.2% top-1 accuracy.")
    found = components.found(doc)
    assert [f.value for f in found["hardware"]] == [
        {"accelerator": "NVIDIA V100", "count": 8, "count_unit": "devices", "role": "training"}]
    assert [f.value["hours"] for f in found["training_time"]] == [72.0]
    assert found["results"] == []
    assert [s.text for s in doc._.reading.own_sentences] == [
        "We train the model on 8 NVIDIA V100 GPUs for 3 days."]


def test_the_paper_benchmarks_a_doc_is_read_against_come_with_it():
    nlp = pipeline()
    sentence = "Our model reaches 80.1% top-1 accuracy."
    about_imagenet = nlp.make_doc(sentence)
    about_imagenet._.reading = Reading(benchmarks=("ImageNet",))
    about_nothing = nlp.make_doc(sentence)
    read = list(nlp.pipe([about_imagenet, about_nothing]))
    assert [[f.value for f in components.found(d)["results"]] for d in read] == [
        [{"benchmark": "ImageNet", "metric": "top-1 accuracy", "split": None, "value": 80.1,
          "model": None, "in_table": False}], []]


def test_a_field_component_for_an_unknown_field_is_refused():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="no rules for field 'energy'"):
        nlp.add_pipe(components.FIELD_RULES, config={"field": "energy"})
