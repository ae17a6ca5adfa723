"""The offline mirror of a source, for tests, demos and benchmarks.

- ``corpus/``      committed article PDFs of afgazad.com with their ground truth
                   (``<date>/<slug>.pdf`` + ``<date>/<slug>.json``), made by the build tool
                   ``tools/corpus/mirror.py`` (`make corpus`; LibreOffice, reportlab), which does
                   not ship with the library.
- ``mirror.py``    ``build_mirror(out_dir)``: the corpus laid out as a static site by the
                   source profile's URL patterns, with listing pages, robots.txt and a manifest.
- ``corpus_darya/`` committed article pages of Darya News (fictional, HTML, English/Dari/Pashto)
                   with their ground truth, made by ``tools/corpus/darya.py``.
- ``darya.py``     ``build_mirror(out_dir)``: Darya News as a static site: section pages (paginated,
                   only news links dated), RSS feed, news sitemap, robots.txt and a manifest.
- ``server.py``    ``MirrorServer``: a loopback HTTP server for either site (ETag, 304, ...);
                   ``ensure_mirror(dir, source)`` builds the one asked for
                   (``newsmon mirror serve --source darya --port N`` beside afgazad's port).
- ``faults.py``    ``FaultServer``: the mirror with paths told to misbehave (status codes, hangs, cut
                   bodies, redirects...), for the tests and the fetch benchmark; a subclass of
                   ``MirrorServer`` through its public extension point (``handler_class``).

The only library module that imports this package is the CLI's ``newsmon mirror`` command; the
evaluation against the gold corpus (``benchmarks/evaluate.py``) and the builders of the corpora
and of broken documents (``tools/``) live outside the library.

Nothing here needs LibreOffice or network access at test time.
"""

from typing import Any

__all__ = ["CORPUS_DIR", "MirrorServer", "build_mirror", "ensure_mirror", "load_ground_truth", "serve_forever"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `python -m newsmon.testing.mirror` does not import itself twice.
    if name in ("CORPUS_DIR", "build_mirror", "load_ground_truth"):
        from newsmon.testing import mirror

        return getattr(mirror, name)
    if name in ("MirrorServer", "ensure_mirror", "serve_forever"):
        from newsmon.testing import server

        return getattr(server, name)
    raise AttributeError(name)
