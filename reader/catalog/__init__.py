"""The catalog (the built-in papers and the library's, tagged) and its cache on disk.

    files         load papers from files: read, detect the format, parse, tag; the built-in
                  catalog and the library's papers (`files.load()` is the whole catalog)
    cache         CatalogCache: the catalog prepared once, opened fast; builds it when stale
                  (`python -m reader.catalog.cache [--progress]` builds it in a child process)
    build         writes a cache file: tags, search data, records, the sections
    update        an import changes a built cache paper by paper instead of a full build
    plan          where each library paper sits in the catalog (what `update` needs)
    inputs        what the cache is derived from, and the fingerprint that names its file
    section_file  the cache file's format: named sections, read and written
    records       papers to and from the cache's compact records
    progress      the build's stages and progress reports; a terminal progress bar

Nothing is imported here: the reader imports `cache` at start-up, and each module loads only
what it needs (`build` and `files` are not needed to open a built cache).
"""
