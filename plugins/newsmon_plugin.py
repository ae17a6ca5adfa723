"""newsmon inside the Airflow UI: the report, its search endpoint, archived articles and the GX Data Docs.

An Airflow 3 plugin: a FastAPI app mounted by the API server under `/newsmon`, and external
views that put "newsmon report" and "GX Data Docs" in the UI's Browse menu (shown in an
iframe of the UI, same origin, so the UI's login cookie authenticates every request).

    /newsmon/                 the report, built live from the warehouse (?date=YYYY-MM-DD&source=afgazad)
    /newsmon/topics/          watched topics: attention per topic and language, the day's articles (?date=&source=)
    /newsmon/api/search?q=    JSON search over the warehouse (&lang=fa&limit=20&source=), with archive_url
    /newsmon/archive/<id>     an article's archived document (the PDF, the HTML page) from the WARC archive
    /newsmon/reports/         the report files the report DAG wrote ($NEWSMON_HOME/reports)
    /newsmon/gx_docs/         Great Expectations Data Docs ($NEWSMON_HOME/gx_docs)

Every route needs an authenticated Airflow user (cookie or bearer token). The library is
imported inside the handlers: the scheduler and workers load plugins too and must not pay
for DuckDB and pandas at start.

The report's article links and search hits open `archive/<id>`: the archived response, served
with its archived Content-Type, `Content-Disposition: inline`, `nosniff` and (but for a PDF)
a Content-Security-Policy under which an archived page runs no script and loads nothing from
elsewhere. The id must have the warehouse's shape (else 404, before any lookup); the file is the
article's `raw_ref` in the warehouse and is read only inside `$NEWSMON_HOME/raw`
(`newsmon.report.archive`).
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path

from airflow.api_fastapi.core_api.security import requires_authenticated
from airflow.plugins_manager import AirflowPlugin
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response

URL_PREFIX = "/newsmon"
# A profile's name (profile.schema.json), bounded; or empty: the picker's "all sources" sends `source=`.
SOURCE_NAME = r"^(?:[a-z][a-z0-9_]{0,63})?$"

router = APIRouter()  # the routes; `app` adds Airflow's authentication in front of them


def _home() -> Path:
    return Path(os.environ.get("NEWSMON_HOME", "./data")).resolve()


def _inside(root: Path, relative: str) -> Path:
    """`relative` under `root`, refusing anything that escapes it (../, absolute paths)."""
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise HTTPException(status_code=404, detail="not found")
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        raise HTTPException(status_code=404, detail="not found")
    return target


@router.get("/", response_class=HTMLResponse)
def report(request: Request, date: dt.date | None = Query(None, description="day of the report"),
           source: str | None = Query(None, pattern=SOURCE_NAME, description="one source only")) -> HTMLResponse:
    """The report, live from the warehouse; the search box asks `api/search`.

    `date` is parsed as a date and `source` must look like a profile name (else 422) and be a
    source the warehouse holds (else 404, with the page naming the sources it does hold):
    neither reaches the page or a query unchecked."""
    from newsmon.report import gx_docs_index, live_navigation, load_report_data, render
    from newsmon.report.archive import archive_link
    from newsmon.warehouse.connection import WarehouseBusy

    links = {"report files": request.url_for("reports_index").path, "topics": request.url_for("topics").path}
    if gx_docs_index():
        links["GX Data Docs"] = request.url_for("gx_docs", path="").path
    try:
        data = load_report_data(date, source=source or None)
    except WarehouseBusy as exc:  # a load holds the file: say so, the user reloads in a moment
        return HTMLResponse(f"<p>{escape(str(exc))}</p>", status_code=503, headers={"Retry-After": "5"})
    html = render(data, search_url=request.url_for("search").path, links=links,
                  navigation=live_navigation(data.source), archive_href=archive_link(_archive_prefix(request)))
    unknown = bool(data.source) and data.source not in data.sources
    return HTMLResponse(html, status_code=404 if unknown else 200, headers={"Cache-Control": "no-store"})


@router.get("/topics/", response_class=HTMLResponse, name="topics")
def topics(request: Request, date: dt.date | None = Query(None, description="day of the page"),
           source: str | None = Query(None, pattern=SOURCE_NAME, description="one source only")) -> HTMLResponse:
    """The topics page, live from the warehouse: attention per watched topic and language, and
    the day's articles of each (opening their archived copies)."""
    from urllib.parse import urlencode

    from newsmon.report import build_topics_page
    from newsmon.report.archive import archive_link
    from newsmon.warehouse.connection import WarehouseBusy

    def href(day: dt.date) -> str:
        return "?" + urlencode({"date": day.isoformat(), **({"source": source} if source else {})})

    try:
        html = build_topics_page(date, source=source or None, href=href,
                                 archive_href=archive_link(_archive_prefix(request)),
                                 links={"report": request.url_for("report").path})
    except WarehouseBusy as exc:
        return HTMLResponse(f"<p>{escape(str(exc))}</p>", status_code=503, headers={"Retry-After": "5"})
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _archive_prefix(request: Request) -> str:
    """`/newsmon/archive/`, wherever the app is mounted."""
    return request.url_for("report").path + "archive/"


@router.get("/api/search", name="search")
def search(request: Request, q: str = Query(..., min_length=1, max_length=200),
           lang: str | None = Query(None, max_length=8), limit: int = Query(20, ge=1, le=100),
           source: str | None = Query(None, pattern=SOURCE_NAME, description="one source only")) -> JSONResponse:
    """Articles matching `q` (of one source, when the report page is filtered to one), best
    first, each with the link to its archived copy (`archive_url`)."""
    from newsmon.report.archive import archive_link
    from newsmon.report.search import search_articles
    from newsmon.warehouse.connection import WarehouseBusy, WarehouseMissing

    try:
        results = search_articles(q, lang=lang, limit=limit, source=source or None)
    except WarehouseMissing:
        results = []
    except WarehouseBusy as exc:
        raise HTTPException(status_code=503, detail=str(exc), headers={"Retry-After": "5"}) from None
    archive_href = archive_link(_archive_prefix(request))
    for result in results:
        result["archive_url"] = archive_href(result["article_id"]) if result.get("article_id") else None
    return JSONResponse({"query": q, "lang": lang, "source": source or None, "count": len(results),
                         "results": results})


@router.get("/archive/{article_id}", name="archive")
def archive(article_id: str) -> Response:
    """The archived document of an article, as the crawler received it (see the module's doc)."""
    from newsmon.report.archive import NoArchivedCopy, archived_copy
    from newsmon.warehouse.connection import WarehouseBusy

    try:
        copy = archived_copy(article_id)
    except NoArchivedCopy as exc:
        return PlainTextResponse(f"not found: {exc}\n", status_code=404, headers={"X-Content-Type-Options": "nosniff"})
    except WarehouseBusy as exc:
        return PlainTextResponse(f"{exc}\n", status_code=503, headers={"Retry-After": "5"})
    # Content-Type as a header, not media_type: Starlette would add a charset the archive did not send.
    return Response(copy.body, headers={"Content-Type": copy.media_type, **copy.headers})


@router.get("/reports/", response_class=HTMLResponse, name="reports_index")
def reports_index(request: Request) -> HTMLResponse:
    """The report files written by the report DAG, newest first."""
    folder = _home() / "reports"
    files = sorted(folder.glob("*.html"), reverse=True) if folder.is_dir() else []
    items = "".join(f'<li><a href="{escape(request.url_for("report_file", name=f.name).path)}">'
                    f"{escape(f.name)}</a></li>"
                    for f in files) or "<li>no reports written yet (the report DAG writes them)</li>"
    return HTMLResponse(f'<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
                        f"<title>newsmon reports</title></head><body><h1>newsmon reports</h1><ul>{items}</ul>"
                        "</body></html>")


@router.get("/reports/{name}", name="report_file")
def report_file(name: str) -> FileResponse:
    return FileResponse(_inside(_home() / "reports", name), media_type="text/html")


@router.get("/gx_docs/{path:path}", name="gx_docs")
def gx_docs(path: str):
    """GX Data Docs as static files; a plain explanation until validation has built them."""
    root = _home() / "gx_docs"
    if not root.is_dir():
        return HTMLResponse("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                            "<title>GX Data Docs</title></head><body><h1>GX Data Docs</h1>"
                            f"<p>Not built yet: they appear in {escape(str(root))} after the first validation.</p>"
                            "</body></html>", status_code=404)
    if not path:
        from newsmon.report import gx_docs_index

        index = gx_docs_index()
        if index is None:
            raise HTTPException(status_code=404, detail="no Data Docs index yet")
        path = str(index.relative_to(root))
    return FileResponse(_inside(root, path))


@router.get("/health")
def health() -> dict:
    return {"status": "ok", "home": str(_home())}


app = FastAPI(title="newsmon", description="newsmon report, search and data-quality docs")
app.include_router(router, dependencies=[Depends(requires_authenticated())])


class NewsmonPlugin(AirflowPlugin):
    """Registers the app and the menu entries with Airflow 3's UI."""

    name = "newsmon"
    fastapi_apps = [{"app": app, "url_prefix": URL_PREFIX, "name": "newsmon report"}]
    external_views = [
        {"name": "newsmon report", "href": f"{URL_PREFIX}/", "destination": "nav", "category": "browse",
         "url_route": "newsmon_report"},
        {"name": "GX Data Docs", "href": f"{URL_PREFIX}/gx_docs/", "destination": "nav", "category": "browse",
         "url_route": "newsmon_gx_docs"},
    ]
