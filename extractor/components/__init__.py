"""spaCy pipeline components, one per output field.

Importing this package registers the factories, so `nlp.add_pipe("extractor_money")` works in any
pipeline. Each component stores its results on a `Doc._` extension that the record builder reads.
"""
from extractor.components import dateline, money, organizations, people, sectors  # noqa: F401

# Order matters: organizations and people read the dateline; people read organizations.
PIPELINE_ORDER = (
    "extractor_dateline",
    "extractor_organizations",
    "extractor_people",
    "extractor_money",
    "extractor_sectors",
)
