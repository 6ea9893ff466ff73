"""The Japanese extraction pipeline: GiNZA (spaCy, SudachiPy) + rules as data in models/ja_*.json.

    assets.py     models/ja_entities.json, ja_deal_rules.json, ja_moves_rules.json -> JaRules
    text.py       the analysed text (headline + body, digits made half-width), sentences
    names.py      KB names in Japanese -> canonical entities; GiNZA NER for the rest
    amounts.py    円/億円/兆円/ドル amounts -> value + ISO currency
    deals.py      deal events (types, roles from the case particles, statuses)
    moves.py      share-price moves (株価が10%上昇, ストップ高, 3%安)
    extractor.py  JaExtractor: loads GiNZA on first use, yields records.Extraction

GiNZA is loaded lazily (pipeline.nlp.ja.extractor.load_ginza), so English-only runs never pay
its load time or memory.
"""
