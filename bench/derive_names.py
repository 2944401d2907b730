"""Derive ``indexer/lexicon/names.txt``: names the stemmer would otherwise cut up.

A word belongs in the list when the shared corpora write it capitalised in mid-sentence
nearly always (so it is a name, like ``Megawati``) and the stemmer would change it
(``megawati`` -> ``gawat``). Lowercase queries then still find the name.

    python bench/derive_names.py ../shared/corpus/*/articles.jsonl > indexer/lexicon/names.txt
"""

import collections
import json
import re
import sys

from indexer.analysis import lexicon, stem

WORD = re.compile(r"[^\W\d_]+")
MIN_CAPITALISED = 5          # seen capitalised mid-sentence at least this often
MAX_LOWERCASE_SHARE = 0.05   # and written in lowercase at most this share of the time

HEADER = """\
# Personal and place names that look like affixed Indonesian words, so the stemmer must leave
# them whole (``Megawati`` is not ``gawat``). One lowercase word a line; the number after #
# is how often the shared corpora write it capitalised in mid-sentence.
# Origin: derived by bench/derive_names.py from the IndoSum (CC BY-SA 4.0) and CLICK-ID
# (CC BY 4.0) corpora: words capitalised in mid-sentence at least {min} times and in lowercase
# at most {share:.0%} of the time, which the stemmer would change. License: CC BY-SA 4.0.
# Edit freely; rerun the script to rebuild it from a corpus.
"""


def count_cases(paths):
    """Count, per lowercase word, its capitalised mid-sentence and its lowercase uses."""
    capitalised, lowercase = collections.Counter(), collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                body = json.loads(line)["body"]
                for match in WORD.finditer(body):
                    word = match.group(0)
                    before = body[max(0, match.start() - 3):match.start()].strip()
                    if word.islower():
                        lowercase[word] += 1
                    elif word[0].isupper() and word[1:].islower() and before and before[-1] not in '.!?"“”:(\n':
                        capitalised[word.lower()] += 1
    return capitalised, lowercase


def main(paths):
    """Print the names lexicon for the corpora at ``paths``."""
    capitalised, lowercase = count_cases(paths)
    print(HEADER.format(min=MIN_CAPITALISED, share=MAX_LOWERCASE_SHARE), end="")
    protected = lexicon("protected")
    for word, count in sorted(capitalised.items()):
        if count < MIN_CAPITALISED or word in protected or word.endswith(("nya", "ku", "mu")):
            continue
        if lowercase[word] > MAX_LOWERCASE_SHARE * (count + lowercase[word]):
            continue
        if stem(word) != word:
            print(f"{word}  # {count}")


if __name__ == "__main__":
    main(sys.argv[1:])
