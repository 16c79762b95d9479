"""Shared fixtures: the spaCy pipeline loads once per test session."""
from __future__ import annotations

import signal
from pathlib import Path

import pytest

# Tests send Ctrl-C to the command and expect it to stop. A shell that starts the suite in the background
# leaves SIGINT ignored, and an ignored signal stays ignored in every child; a handled one is reset.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
# The sample press releases, in the order a folder run reads them.
SAMPLE_RELEASES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".md", ".txt", ".html"))


@pytest.fixture(scope="session")
def extractor():
    from extractor import Extractor
    from extractor.cli import EXTRACTORS

    instance = Extractor()
    # In-process CLI runs (CliRunner) reuse this instance instead of loading the model again.
    EXTRACTORS.setdefault((None, None, 0), instance)
    return instance


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "dev").is_dir():
        pytest.skip("../shared (gold set and peer cases) is not present")
    return SHARED


@pytest.fixture(scope="session")
def blank_model(tmp_path_factory) -> Path:
    """A spaCy pipeline with no model (a sentencizer only), saved: for tests of the command's process
    handling, where the entities do not matter and a fast start does."""
    import spacy

    path = tmp_path_factory.mktemp("blank") / "model"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return path
