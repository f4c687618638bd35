"""Enrichment: find the arXiv id of a paper that has none by its exact title, and fill in
what arXiv and the Hugging Face papers API know of it (`reader enrich`).

`polite.py` asks (batched, paced, honouring Retry-After); `match.py` decides (normalised
titles equal, one id, else left alone); `enrich.py` runs it over papers and fills them.
"""
