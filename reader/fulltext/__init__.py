"""The whole paper as text: arXiv's LaTeXML HTML fetched, parsed into a small document model,
laid out in lines for a terminal and cached (compressed) so a paper read once opens offline.

No Textual here: the CLI (`reader read`) and the UI share everything in this package.
"""
