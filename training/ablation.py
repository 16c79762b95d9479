#!/usr/bin/env python3
"""What each named check is worth: the validation split scored with every check, then without each one.

usage: python training/ablation.py [--split validation] [--model NAME_OR_PATH] [--scorer PATH]

A check whose removal does not lower people or organization F1 no longer pays for itself with the model
in place. The model runs once over the split; each check is switched off in the running components, and
the rules run again on copies of the model's Docs.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

TRAINING = Path(__file__).resolve().parent
sys.path.insert(0, str(TRAINING))

from evaluate import DEFAULT_SCORER, split_ids  # noqa: E402


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def main(argv: list[str] | None = None) -> int:
    from extractor import Document, Extractor
    from extractor.components.organization_checks import check_name
    from extractor.inputs import to_plain_text
    from extractor.outputs import write_jsonl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="validation", choices=("train", "validation", "test"))
    parser.add_argument("--model")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    args = parser.parse_args(argv)
    score = load_scorer(args.scorer)
    ids = split_ids(args.split)
    extractor = Extractor(model=args.model)
    orgs = extractor.nlp.get_pipe("extractor_organizations")
    people = extractor.nlp.get_pipe("extractor_people")
    documents = [Document(id=i, text=to_plain_text((TRAINING / "corpus" / f"{i}.md").read_text(encoding="utf-8"),
                                                   name=f"{i}.md")) for i in ids]
    switches = [(orgs, "candidate_checks"), (orgs, "mention_checks"),
                (people, "person_checks"), (people, "person_form_checks")]

    with tempfile.TemporaryDirectory() as work:
        gold = Path(work) / "gold"
        gold.mkdir()
        for i in ids:
            shutil.copy(TRAINING / "gold" / f"{i}.json", gold)

        model_docs = [extractor._model_doc(d.text) for d in documents]

        def measure() -> dict:
            out = Path(work) / "predictions.jsonl"
            with out.open("w", encoding="utf-8") as stream:
                write_jsonl((extractor._finish(doc.copy(), d) for doc, d in zip(model_docs, documents)), stream)
            result = score(gold, out)
            return {"people": result["people"]["f1"], "organizations": result["organizations"]["f1"],
                    "titles": result["people_title_accuracy"] or 0.0}

        full = measure()
        rows = []
        for component, attribute in switches:
            checks = getattr(component, attribute)
            for check in checks:
                setattr(component, attribute, type(checks)(c for c in checks if c is not check))
                without = measure()
                setattr(component, attribute, checks)
                name = check[0] if isinstance(check, tuple) else check_name(check)
                rows.append((name, {k: round(full[k] - without[k], 4) for k in full}))
    print(f"all checks: people F1 {full['people']:.3f}, organizations F1 {full['organizations']:.3f}, "
          f"title accuracy {full['titles']:.3f} ({args.split}, {len(ids)} releases)")
    print(f"{'check':<42}{'people':>9}{'orgs':>9}{'titles':>9}   (F1 with it minus F1 without it)")
    for name, delta in rows:
        print(f"{name:<42}{delta['people']:>+9.3f}{delta['organizations']:>+9.3f}{delta['titles']:>+9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
