"""The on-disk cache of ingest results and of built corpora. Stdlib only; plain data (JSON,
flat arrays), never a format that runs code when read.

- ``keys``: what a cached result depends on, hashed; where the cache folder is;
- ``codec``: the encodings (records as field lists, files as compressed JSON, date codes);
- ``packed``: ingest results held compactly until the corpus is built (a cold load);
- ``filecache``: level 1, one sqlite row per file;
- ``snapshot_write`` / ``snapshot_read``: level 2, the built corpus as one mmapped file;
- ``cache``: the cache folder holding both, ``open_cache``.
"""
