"""What is extracted from an article's text before it is indexed: dates, entities, quotes.

One place that fills the Article record's extracted fields, so the indexer, the tests and the
benchmarks enrich articles the same way.
"""

from __future__ import annotations

from indexer.article import Article
from indexer.dates import read_dates
from indexer.entities import extract_entities
from indexer.quotes import extract_quotes


def enrich(article: Article) -> Article:
    """Fill ``article``'s extracted fields in place and return it.

    A record without a publication date gets one inferred from its text, marked as inferred.
    """
    published, days = read_dates(article.body, article.published)
    if article.published is None:
        article.published, article.published_inferred = published, published is not None
    article.dates = [day.isoformat() for day in days]
    entities = extract_entities(article.title, article.body)
    article.persons = entities["persons"]
    article.organizations = entities["organizations"]
    article.places = entities["places"]
    article.quotes = extract_quotes(article.body, article.persons, article.organizations)
    return article
