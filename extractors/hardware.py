"""Accelerators the authors used: which, how many (in what unit), for training or inference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import cast

from spacy.tokens import Span

from flopwatch.extractors import durations, registry
from flopwatch.extractors.data import words
from flopwatch.extractors.mentions import Found, cited_near, reading, spans_in, table_text, text_of
from flopwatch.extractors.nlp import SPANS_KEY
from flopwatch.extractors.numbers import parse_number
from flopwatch.extractors.record import Hardware, HardwareFact, Notes, Role

# Words that may stand between a count and the accelerator name: "8 NVIDIA Tesla V100".
_MODIFIERS = frozenset(words("count_modifiers"))
_UNITS = {"core": "cores", "cores": "cores", "chip": "chips", "chips": "chips",
          "board": "boards", "boards": "boards"}
_COUNT_MAX = 100_000
# Machines named for the accelerators they hold: "4 DGX-2 nodes" are 64 V100s.
_SYSTEM_SIZE = {name.lower(): size for acc in registry.accelerators()
                for name, size in acc.systems.items()}
_SPEC_SHEET = re.compile(r"\b(peak|theoretical|[TGP]FLOPS\b|TOPS\b|memory bandwidth)", re.I)
_CPU_WORDS = re.compile(r"\b(" + "|".join(words("cpu_words")) + r")\b", re.I)
_FIRST_PERSON = re.compile(r"\b(we|our)\b", re.I)
# What makes a two-character name ("T4") an accelerator: the sentence speaks of one.
_REFERENCE_WORDS = frozenset(words("reference_words"))
# Words naming a device's kind after its name ("V100 GPUs", "TPU v3 chips").
_KIND_WORDS = frozenset({"gpu", "gpus", "tpu", "tpus"})
_GPU_CONTEXT = re.compile(r"\b(" + "|".join(words("gpu_context")) + r")\b", re.I)


def _count_before(sent: Span, start: int) -> tuple[float | None, int]:
    """A count a few tokens before `start`, past modifiers and memory sizes ("32 GB")."""
    i = start - 1
    steps = 0
    while i >= sent.start and steps < 6:
        tok = sent.doc[i]
        low = tok.lower_
        if low in {"gb", "g"} and i - 1 >= sent.start:   # "NVIDIA 32 GB V100": skip the size
            i -= 2
            steps += 1
            continue
        value = parse_number(tok.text)
        if value is not None:
            prev = sent.doc[i - 1].text if i > sent.start else ""
            if parse_number(prev) is not None and prev.lower() not in {"a", "an", "one"}:
                return None, -1   # "6.4 109 TITAN BLACK": a table row's cells, not a count
            if prev in {".", "-", "/"} or not (0 < value <= _COUNT_MAX) or value != int(value) \
                    or (1990 <= value <= 2030 and tok.text.isdigit()):
                return None, -1
            return value, i
        if low not in _MODIFIERS:
            return None, -1
        i -= 1
        steps += 1
    return None, -1


_HOSTS = tuple(words("hosts"))
# The last hosts counted in a text: "... a parameter server and 12 workers."
_HOST_COUNT = re.compile(rf"\b(\d+|two|four|eight|sixteen)\s+(?:\w+\s+)?({'|'.join(_HOSTS)})"
                         r"\b[^.]*\.?\s*$", re.I)
_EACH_HOST = re.compile(rf"\beach ({'|'.join(h[:-1] for h in _HOSTS)})\b", re.I)


def _also_counted(sent: Span, count_index: int) -> list[float]:
    """'clusters of 64 and 128 GPUs': the counts joined to the one before the name."""
    out: list[float] = []
    i = count_index - 1
    while i - 1 >= sent.start and sent.doc[i].lower_ in {"and", "or", ","}:
        value = parse_number(sent.doc[i - 1].text)
        if not value or value != int(value) or not (0 < value <= _COUNT_MAX):
            break
        out.append(value)
        i -= 2
    return out


def _multiplier(sent: Span, count_index: int) -> float:
    """'4 machines with 8 GPUs each' / '8 servers (64 GPUs)': machines times per-machine;
    '... and 12 workers. Each worker uses 8 GPUs': the hosts counted just before."""
    if count_index <= sent.start:
        return 1.0
    window = [t.lower_ for t in sent.doc[max(sent.start, count_index - 6):count_index]]
    each = window.index("each") if "each" in window else -1
    if 0 <= each < len(window) - 1 and window[each + 1].rstrip("s") + "s" in _HOSTS:
        found = _HOST_COUNT.search(reading(sent.doc).before)
        return (parse_number(found.group(1)) or 1.0) if found else 1.0
    if "each" in [t.lower_ for t in sent.doc[count_index:min(sent.end, count_index + 6)]] and (
            "with" in window or "of" in window):
        for j in range(count_index - 1, max(sent.start, count_index - 6) - 1, -1):
            tok = sent.doc[j]
            nxt = sent.doc[j + 1].lower_ if j + 1 < sent.end else ""
            value = parse_number(tok.text)
            if value and nxt in _HOSTS:
                return value
    return 1.0


def _continues_training(sent: Span) -> bool:
    """'The model is trained with ... 12 workers. Each worker uses 8 GPUs': the sentence
    goes on about the hosts of a training run the one before describes."""
    return bool(_EACH_HOST.search(text_of(sent))
                and re.search(r"\btrain", reading(sent.doc).before, re.I))


def _role(sent: Span) -> Role:
    """Latency, throughput or timing makes a mention inference hardware, even on a
    'training mini-batch': GOLD.md counts benchmark timing as inference. Weaker words
    ("speed", "times") do so only where nothing speaks of training."""
    kinds = {s.id_ for s in spans_in(sent, SPANS_KEY, "INFERENCE")}
    if "inference_strong" in kinds:
        return "inference"
    if "inference_weak" in kinds and not spans_in(sent, SPANS_KEY, "TRAINING"):
        return "inference"
    return "training"


def _roles(sent: Span) -> tuple[Role, ...]:
    """The sentence's role; both where it joins the two ("for both training and
    inference", "training or inference")."""
    training = spans_in(sent, SPANS_KEY, "TRAINING")
    inference = [s for s in spans_in(sent, SPANS_KEY, "INFERENCE")
                 if s.text.lower() in {"inference", "deployment"}]   # a use, not a timing
    for a in training:
        for b in inference:
            first, second = sorted((a, b), key=lambda s: s.start)
            if second.start - first.end == 1 and sent.doc[first.end].lower_ in {"and", "or"}:
                return ("training", "inference")
    return (_role(sent),)


def _role_guessed(sent: Span) -> bool:
    """Nothing in the sentence says training or inference: "training" is the default."""
    return not (spans_in(sent, SPANS_KEY, "INFERENCE") or spans_in(sent, SPANS_KEY, "TRAINING"))


def _counted_prefix(sent: Span, start: int) -> tuple[float, str, int] | None:
    """'a 32-core TPUv2 cluster', '8-chip v4 slices': the count and unit as one adjective
    before the name."""
    if start - 3 < sent.start or sent.doc[start - 2].text != "-":
        return None
    unit = _UNITS.get(sent.doc[start - 1].lower_)
    value = parse_number(sent.doc[start - 3].text)
    return (value, unit, start - 3) if unit and value and value == int(value) else None


def _count_after(sent: Span, end: int) -> tuple[float | None, str | None]:
    """'a cloud TPUv3 with 8 cores', 'a TPU v3 Pod (2,048 TPU cores)': a count just after
    the name, with its unit."""
    toks = [t.lower_ for t in sent.doc[end:min(sent.end, end + 6)]]
    for k, tok in enumerate(toks[:3]):
        if tok in {"with", "("} and k + 2 < len(toks):
            value = parse_number(toks[k + 1])
            rest = [t for t in toks[k + 2:] if t not in _KIND_WORDS]
            if value and rest and rest[0] in _UNITS:
                return value, _UNITS[rest[0]]
    return None, None


# Machines of no fixed size: "two TPU v4 Pods" counts pods, not the chips in them.
_SYSTEMS = frozenset(words("unsized_systems"))


def _unit_after(sent: Span, end: int) -> str:
    for tok in sent.doc[end:min(sent.end, end + 3)]:
        if tok.lower_ in _SYSTEMS:
            return "systems"
        if tok.lower_ in _UNITS:
            return _UNITS[tok.lower_]
        if tok.lower_ in {"devices", "gpus", "gpu", "tpus", "accelerators", "cards"}:
            return "devices"
    return "devices"


# "a single large core of the Google Pixel 1 phone", "the big CPU core of a Pixel 1 Phone":
# mobile latency is measured on a phone's CPU cores.
_PHONE_CORES = re.compile(
    r"\b(?P<n>a single|single|one|a|an|the|\d+)\s+((big|large|little|small|fast)\s+)?"
    r"(cpu\s+)?(?P<core>cores?)\s+(of|on|in)\s+((a|an|the)\s+)?([\w-]+\s+){0,3}?"
    "(" + "|".join(words("phones")) + ")", re.I)


def _phone_cores(sent: Span) -> Iterator[Found]:
    text = text_of(sent)
    for m in _PHONE_CORES.finditer(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else 1
        span = sent.doc.char_span(sent.start_char + m.start("core"),
                                  sent.start_char + m.end("core"))
        if span is not None:
            yield Found({"accelerator": registry.generic("cpu"), "count": count,
                         "count_unit": "cores", "role": "inference"}, "phone_cores", span)


def from_sentence(sent: Span) -> Iterator[Found]:
    """(value, rule, evidence span) for each accelerator configuration in a sentence. Where
    the sentence sums up ("16 cores each, for a total of 512 CPU cores"), the total stands
    for the parts."""
    found = list(_configurations(sent))
    if not found or table_text(sent):
        return      # (most sentences name no hardware: the table test only where some do)
    totals = {_accelerator(f) for f in found if _after_total(f.span)}
    guessed = _role_guessed(sent)
    for f in found:
        if _accelerator(f) not in totals or _after_total(f.span):
            notes = Notes(role_guessed=guessed)
            notes.update(f.notes or {})     # (a model card's line says its role)
            yield f._replace(notes=notes)


def _accelerator(found: Found) -> str:
    return cast(Hardware, found.value)["accelerator"]


def _described(sent: Span, acc: Span) -> bool:
    """'A single GTX 580 GPU has only 3GB of memory': what the device is, not what was used."""
    after = [t.lower_ for t in sent.doc[acc.end:min(sent.end, acc.end + 3)]]
    while after and (after[0] in _KIND_WORDS or
                     after[0] in {"card", "cards", "chip", "chips", "core", "cores"}):
        after.pop(0)
    return bool(after) and after[0] in {"has", "have", "offers", "provides", "features"} and \
        bool(re.search(r"\bmemory\b|\d\s*GB\b|bandwidth|FLOP", text_of(sent)))


# Word pairs before a count that make it a point of comparison or a capacity, not a setup:
# "the same as when training on a single GPU", "compared with a net trained on one GPU",
# "too big to fit on one GPU".
_REFERENCE_PAIRS = frozenset(tuple(pair) for pair in words("reference_pairs"))


def _reference_count(sent: Span, at: int) -> bool:
    """Also "than the one-GPU net": a count just after "than"."""
    words = [t.lower_ for t in sent.doc[max(sent.start, at - 16):at]]
    return _compared_with(words[-3:]) or any(pair in _REFERENCE_PAIRS
                                             for pair in pairwise(words))


def _compared_with(before: list[str]) -> bool:
    """"... which is inferior to a K80", "faster than a V100": the words just before a
    named device make it the yardstick, not what was used."""
    return "than" in before or any(pair in _REFERENCE_PAIRS for pair in pairwise(before))


def _after_total(span: Span) -> bool:
    before = span.doc[max(span.sent.start, span.start - 6):span.start]
    return any(t.lower_ == "total" for t in before)


# A model card's hardware line ("Hardware & Software for Training / Hardware: TPU v3 or
# TPU v4 (Jouppi et al., 2020)."): what the authors ran on; the citation is the chip's.
_MODEL_CARD = re.compile(r"\bHardware\s*:\s*(?!.*\bHardware\s*:)", re.I)
_DEPLOYMENT = re.compile(r"\b(deploy\w*|inference|serving)\b", re.I)


def _model_card(sent: Span, card: re.Match[str]) -> Iterator[Found]:
    """Each accelerator a model card's hardware line names; its role is what the card's
    heading (the line or the text before it) says: deployment is inference."""
    heading = reading(sent.doc).before[-80:] + text_of(sent)[:card.start()]
    role: Role = "inference" if _DEPLOYMENT.search(heading) else "training"
    for acc in spans_in(sent, SPANS_KEY, "ACCEL"):
        if acc.start_char - sent.start_char >= card.end():
            yield Found({"accelerator": acc.id_, "count": None, "count_unit": "devices",
                         "role": role}, "model_card", acc,
                        Notes(model_card=True, role_guessed=False))


Configurations = Iterator[Found]


def _configurations(sent: Span) -> Configurations:
    if len(sent) < 5:
        return
    yield from _phone_cores(sent)
    if card := _MODEL_CARD.search(text_of(sent)):
        yield from _model_card(sent, card)
        return
    accelerators, devices = spans_in(sent, SPANS_KEY, "ACCEL"), spans_in(sent, SPANS_KEY, "DEVICE")
    if not (accelerators or devices):
        return      # most sentences: nothing below can yield
    device_time = spans_in(sent, SPANS_KEY, "DEVICE_TIME")
    named = [a for a in accelerators if not any(d.start <= a.start < d.end for d in device_time)]
    slices = spans_in(sent, SPANS_KEY, "TPU_SLICE")
    yield from _timed_devices(sent, [a for a in accelerators if a not in named])
    for role in _roles(sent):
        # tokens a named device or a device time has read: a device word there is part of it
        covered = {i for d in device_time for i in range(d.start, d.end)}
        yield from _named_devices(sent, named, slices, role, covered)
        yield from _slice_names(sent, slices, role, covered)
        yield from _counted_kinds(sent, devices, named, role, covered)


def _named_devices(sent: Span, named: list[Span], slices: list[Span], role: Role,
                   covered: set[int]) -> Configurations:
    """"8 NVIDIA Tesla V100 GPUs", "a cloud TPUv3 with 8 cores", "TPU v3-256": a named
    accelerator with the count before or after it."""
    spec_sheet = bool(_SPEC_SHEET.search(text_of(sent)))
    for acc in named:
        covered.update(range(acc.start, acc.end + 4))
        before = [t.lower_ for t in sent.doc[max(sent.start, acc.start - 3):acc.start]]
        if cited_near(acc) or _described(sent, acc) or "either" in before or \
                before[-1:] == ["per"] or _compared_with(before):
            continue    # others', a description, one of two ("either an M40 or Titan X"),
            # or what one device is a unit of ("326 W per TPU-v4 chip")
        labels_a_part = bool(before) and before[-1] in _REFERENCE_WORDS
        if len(text_of(acc)) <= 3 and (labels_a_part or not _GPU_CONTEXT.search(text_of(sent))):
            continue    # "T4", "A10" alone are as often a model, a task, a loss or a table
            # ("T3 and T4", "Table A10")
        count, at = _count_before(sent, acc.start)
        unit = _unit_after(sent, acc.end)
        if count is None and (prefix := _counted_prefix(sent, acc.start)):
            count, unit, at = prefix
        is_tpu = registry.kind_of(acc.id_) == "tpu"
        if is_tpu and (count is None or count == 1):
            # "a cloud TPUv3 with 8 cores": the cores say more than the article
            after, after_unit = _count_after(sent, acc.end)
            if after:
                count, unit = after, after_unit or unit
        rule = "accelerator_count" if count else "accelerator_named"
        sliced = [s for s in slices if acc.start <= s.start <= acc.end + 1]
        if sliced and is_tpu:
            count, unit, rule = float(sliced[0].text.split("-")[-1]), "cores", "tpu_slice"
        if unit == "systems":
            count, unit, rule = None, "devices", "accelerator_named"
        if count:
            count *= _multiplier(sent, at) * _SYSTEM_SIZE.get(text_of(acc).lower(), 1)
        elif spec_sheet:
            continue   # "2.8 TFLOPS for K80", "theoretical flops of TPU-v3": specs, not use
        yield Found({"accelerator": acc.id_, "count": int(count) if count else None,
                "count_unit": unit, "role": role}, rule, acc)


def _timed_devices(sent: Span, timed: list[Span]) -> Configurations:
    """"2000 A100 days of compute": a device time the authors spent training (one
    durations.device_time keeps) names the accelerator they trained on, not how many."""
    if not timed:
        return
    kept = [f.span for f in durations.device_time(sent)]
    for acc in timed:
        if time := next((t for t in kept if t.start <= acc.start < t.end), None):
            unit = "cores" if any(t.lower_ in {"core", "cores"} for t in time) else "devices"
            yield Found({"accelerator": acc.id_, "count": None, "count_unit": unit,
                         "role": "training"}, "accelerator_in_device_time", acc)


def _slice_names(sent: Span, slices: list[Span], role: Role, covered: set[int]) -> Configurations:
    """"uses v3-8 Cloud-TPU": a slice's name says the generation and the cores by itself."""
    for piece in slices:
        version = re.search(r"v\d", piece.text.lower())
        tpu = registry.of_slice(version.group(0)) if version else None
        if piece.start not in covered and tpu and not cited_near(piece):
            covered.update(range(piece.start, piece.end + 3))
            yield Found({"accelerator": tpu,
                    "count": int(piece.text.split("-")[-1]), "count_unit": "cores",
                    "role": role}, "tpu_slice", piece)


def _counted_kinds(sent: Span, devices: list[Span], named: list[Span], role: Role,
                   covered: set[int]) -> Configurations:
    """"8 GPUs", "an 8-GPU node", "a CPU based implementation", "CPU inference time": a
    kind of device, counted or not."""
    # A bare "8 GPUs" counts the authors' hardware only where the sentence speaks of their
    # training, inference or work ("we"); "GPU-based" or "CPU inference time" always does.
    counts_own = bool(spans_in(sent, SPANS_KEY, "TRAINING") or role == "inference"
                      or spans_in(sent, SPANS_KEY, "DURATION")
                      or _FIRST_PERSON.search(text_of(sent)) or _continues_training(sent))
    # "48 hyperthreaded cores (Intel Xeon E5-2680)": cores in a sentence about CPUs alone
    cpu_cores = bool(_CPU_WORDS.search(text_of(sent))) and \
        not re.search(r"\b[GT]PUs?\b", text_of(sent))
    for dev in devices:
        kind = dev.text.lower().rstrip("s")
        if kind == "core" and cpu_cores:
            kind = "cpu"
        if kind not in registry.generic_kinds() or dev.start in covered or cited_near(dev):
            continue
        count, at = _count_before(sent, dev.start)
        if dev.start >= 2 and sent.doc[dev.start - 1].text == "-":  # "8-GPU node"
            count, at = parse_number(sent.doc[dev.start - 2].text), dev.start - 2
        if (uncounted := _uncounted_kind(sent, dev, kind, role, count)) is not None:
            yield uncounted
            continue
        if not count or not counts_own or _reference_count(sent, at) or \
                _modifies_a_noun(sent, dev):
            continue
        multiplier = _multiplier(sent, at)
        # "32 Tesla K40 GPUs, ... clusters of 64 and 128 GPUs": the sentence's one GPU model
        same = {a.id_ for a in named if _family(a.id_) == _family(registry.generic(kind))}
        accelerator = next(iter(same)) if len(same) == 1 else registry.generic(kind)
        for n in [count, *_also_counted(sent, at)]:
            yield Found({"accelerator": accelerator, "count": int(n * multiplier),
                    "count_unit": "cores" if kind == "cpu" and "core" in text_of(sent).lower()
                    else "devices", "role": role}, "generic_device_count", dev)


def _uncounted_kind(sent: Span, dev: Span, kind: str, role: Role,
                    count: float | None) -> Found | None:
    """The kind of hardware a sentence names, how many not being the point: "a CPU based
    implementation", "we benchmark CPU inference time", "the inference time ... on CPU
    (Intel Xeon ...)"."""
    next_words = [t.lower_ for t in sent.doc[dev.end:min(sent.end, dev.end + 2)]]
    if next_words[:1] in (["based"], ["-based"]) or next_words == ["-", "based"]:
        return Found({"accelerator": registry.generic(kind), "count": None, "count_unit": "devices",
                 "role": role}, "generic_device_based", dev)
    timed_on = role == "inference" and dev.start > sent.start and \
        sent.doc[dev.start - 1].lower_ in {"on", "with"} and not cited_near(dev)
    if not count and (next_words[:1] in (["inference"], ["latency"], ["timings"]) or timed_on):
        return Found({"accelerator": registry.generic(kind), "count": None, "count_unit": "devices",
                 "role": "inference"}, "generic_device_timed", dev)
    return None


def _modifies_a_noun(sent: Span, dev: Span) -> bool:
    """"1-2 GPU failures occurred each week": a singular device word before a plural noun
    names what the number counts (failures), not devices; hosts ("16 GPU asynchronous
    workers") and other device words ("GPU cards") still count them."""
    if dev.text.lower().endswith("s") or dev.end >= sent.end:
        return False
    head = sent.doc[dev.end].text
    counted = any(dev.end <= d.start < dev.end + 3 for d in spans_in(sent, SPANS_KEY, "DEVICE")) \
        or any(t.lower_ in _HOSTS for t in sent.doc[dev.end:min(sent.end, dev.end + 3)])
    return head.isalpha() and head.islower() and head.endswith("s") and len(head) > 3 and \
        not counted


def _family(accelerator: str) -> str:
    """The vendor's word of a canonical name: a bare "8 GPUs" may be its named GPU."""
    found = registry.accelerator(accelerator)
    return found.family if found is not None else accelerator.split()[0]


def _named_where_unique(items: list[HardwareFact]) -> list[HardwareFact]:
    """"128 GPUs" in a paper whose only GPU for that role is the Tesla K40 are K40s."""
    named: dict[tuple[str, str], set[str]] = {}
    for it in items:
        if not registry.is_unspecified(it["accelerator"]):
            named.setdefault((_family(it["accelerator"]), it["role"]), set()).add(
                it["accelerator"])
    out = []
    for it in items:
        only = named.get((_family(it["accelerator"]), it["role"]), set())
        if registry.is_unspecified(it["accelerator"]) and it["count"] is not None and \
                len(only) == 1:
            it = HardwareFact(**{**it, "accelerator": next(iter(only))})
        out.append(it)
    return out


def consolidate(found: list[tuple[HardwareFact, Notes]]) -> list[HardwareFact]:
    """One entry per configuration; drop vaguer duplicates of a named configuration. A
    configuration the paper times for inference is not also a training one where only the
    default said "training" ("a server has 2 CPUs and 8 GPUs" in an inference paper)."""
    inference = {(it["accelerator"], it["count"]) for it, _ in found if it["role"] == "inference"}
    found = [(it, notes) for it, notes in found if not (
        notes.get("role_guessed") and it["role"] == "training"
        and (it["accelerator"], it["count"]) in inference)]
    # a model card states what ran, whether or not the text counts it elsewhere
    carded = {(it["accelerator"], it["role"]) for it, notes in found if notes.get("model_card")}
    items = [it for it, _ in found]
    seen: dict[tuple[str, int | None, str], HardwareFact] = {}
    for it in _named_where_unique(items):
        seen.setdefault((it["accelerator"], it["count"], it["role"]), it)
    named = [v for v in seen.values() if not registry.is_unspecified(v["accelerator"])]
    out = []
    for key, it in seen.items():
        acc, count, role = key
        if registry.is_unspecified(acc) and any(
                n["role"] == role and (n["count"] == count or (
                    count is None and _family(n["accelerator"]) == _family(acc)))
                for n in named):
            continue    # (and "on GPU" says less than the V100 the paper times on)
        if count is None and (acc, role) not in carded and any(
                o["accelerator"] == acc and o["role"] == role and o["count"] is not None
                for o in seen.values()):
            continue
        out.append(it)
    return out
