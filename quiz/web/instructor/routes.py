"""The instructor's desk under /instructor/. Views read the form, call the services, and render."""
from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from io import BytesIO

from quiz.core.ingest import IngestError
from quiz.core.items import ITEM_KINDS, ITEM_TYPES, STATUSES
from quiz.storage.repository import (
    ItemNotFound,
    edit_item,
    get_document,
    get_record,
    item_history,
    list_documents,
    list_items,
    revert_item,
    set_status,
)
from quiz.web import get_engine, utcnow
from quiz.web.auth import current_learner_id, login_manager
from quiz.web.instructor import charts, services
from quiz.web.instructor.forms import (
    ActionForm,
    AskForm,
    BulkForm,
    ExportForm,
    FilterForm,
    ItemEditForm,
    RejectForm,
    RevertForm,
    SORT_CHOICES,
    UploadForm,
    options,
)
from quiz.web.instructor.throttle import register_login_throttle

bp = Blueprint("instructor", __name__)
register_login_throttle(bp)
PER_PAGE = 25


@bp.before_request
def _instructors_only() -> Any:
    """Anonymous visitors go to /login; students (and anyone else signed in) get 403."""
    if current_user.is_authenticated and getattr(current_user, "is_instructor", False):
        return None
    if current_user.is_authenticated or current_learner_id() is not None:
        abort(403)
    return login_manager.unauthorized()


def _by() -> str:
    return str(current_user.username)


def _back(default: str) -> str:
    """Return a same-site `next` target from the form, or the default (no open redirects)."""
    target = request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/instructor/") and not parts.scheme and not parts.netloc:
        return target
    return default


@bp.app_template_filter("pct")
def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


@bp.app_template_filter("num")
def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


@bp.get("/")
def home() -> Any:
    """The desk starts at the review queue."""
    return redirect(url_for("instructor.items"))


# --- review queue ------------------------------------------------------------------------------------------

def _filter_form() -> FilterForm:
    engine = get_engine()
    form = FilterForm(request.args)
    form.document.choices = options([("", "All texts")] + [(d.id, d.title) for d in list_documents(engine)])
    form.topic.choices = options([("", "Any topic")] + [(t, t) for t in services.topics(engine)])
    if not form.sort.data:
        form.sort.data = "-quality"
    return form


def _allowed(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


@bp.get("/items")
def items() -> Any:
    """The review queue: filters, sorting, pages, bulk actions, and the selected item beside its source."""
    engine = get_engine()
    form = _filter_form()
    valid = form.validate()
    sort = form.sort.data if form.sort.data in dict(SORT_CHOICES) else "-quality"
    flagged = services.flagged_ids(engine) if form.flagged.data else None
    page_no = form.page.data if valid and form.page.data else 1
    page = services.review_queue(
        engine, text=form.q.data if valid else None, document=form.document.data,
        type=_allowed(form.type.data, ITEM_TYPES), kind=_allowed(form.kind.data, ITEM_KINDS),
        topic=form.topic.data, status=_allowed(form.status.data, STATUSES),
        min_quality=form.min_quality.data if valid else None, max_quality=form.max_quality.data if valid else None,
        flagged_ids=flagged, sort=sort, page=page_no, per_page=PER_PAGE)
    pages = max(1, math.ceil(page.total / PER_PAGE))
    selected_id = request.args.get("item") or (page.records[0].item.id if page.records else None)
    selected = get_record(engine, selected_id) if selected_id else None
    doc = get_document(engine, selected.item.source.document) if selected else None
    window = (services.excerpt(doc.text, selected.item.source.start, selected.item.source.end)
              if selected and doc else None)
    args = {k: v for k, v in request.args.items() if k not in ("page", "item") and v}
    return render_template("instructor/items.html", form=form, page=page, pages=pages, page_no=page_no,
                           args=args, selected=selected, doc=doc, window=window,
                           titles=services.titles(engine), bulk=BulkForm(), action=ActionForm(),
                           reject=RejectForm(), here=request.full_path.rstrip("?"))


@bp.get("/items/<item_id>")
def item(item_id: str) -> Any:
    """One item: edit form, source, decisions and its history with revert buttons."""
    return _item_page(item_id, None)


def _item_page(item_id: str, form: ItemEditForm | None, status: int = 200) -> Any:
    engine = get_engine()
    record = get_record(engine, item_id)
    if record is None:
        abort(404)
    it = record.item
    if form is None:
        form = ItemEditForm(data={"item_type": it.type, "prompt": it.prompt, "answer": it.answer,
                                  "accept": "\n".join(it.accept), "choices": "\n".join(it.choices),
                                  "explanation": it.explanation, "topic": it.topic, "kind": it.kind,
                                  "tags": ", ".join(it.tags)})
    doc = get_document(engine, it.source.document)
    window = services.excerpt(doc.text, it.source.start, it.source.end) if doc else None
    history = list(reversed(item_history(engine, item_id)))
    return render_template("instructor/item.html", record=record, item=it, form=form, doc=doc, window=window,
                           history=history, action=ActionForm(), reject=RejectForm(), revert=RevertForm()), status


@bp.post("/items/<item_id>/edit")
def edit(item_id: str) -> Any:
    """Save an edit as a new version (validated for the item's type)."""
    record = get_record(get_engine(), item_id)
    if record is None:
        abort(404)
    form = ItemEditForm()
    form.item_type.data = record.item.type  # the type is the stored one, whatever the form says
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _item_page(item_id, form, 422)
    edit_item(get_engine(), item_id, form.changes(), by=_by(), now=utcnow())
    flash("Saved as a new version.", "success")
    return redirect(url_for("instructor.item", item_id=item_id))


def _decide(item_ids: list[str], status: str, reason: str | None = None) -> int:
    try:
        return set_status(get_engine(), item_ids, status, by=_by(), now=utcnow(), reason=reason)
    except ItemNotFound:
        abort(404)


@bp.post("/items/<item_id>/approve")
def approve(item_id: str) -> Any:
    """Approve one item: students can now be served it."""
    if not ActionForm().validate_on_submit():
        abort(400)
    _decide([item_id], "approved")
    flash("Approved: students can now be served this item.", "success")
    return redirect(_back(url_for("instructor.item", item_id=item_id)))


@bp.post("/items/<item_id>/reject")
def reject(item_id: str) -> Any:
    """Reject one item with a reason: it is never served or exported by default."""
    form = RejectForm()
    if not form.validate_on_submit():
        abort(400)
    _decide([item_id], "rejected", (form.reason.data or "").strip() or None)
    flash("Rejected: it will not be served.", "info")
    return redirect(_back(url_for("instructor.item", item_id=item_id)))


@bp.post("/items/bulk")
def bulk() -> Any:
    """Approve or reject every checked item at once."""
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [i for i in request.form.getlist("ids") if i][:1000]
    if not ids:
        flash("Check some items first.", "info")
    elif form.action.data == "approve":
        flash(f"Approved {_decide(ids, 'approved')} item(s).", "success")
    else:
        n = _decide(ids, "rejected", (form.reason.data or "").strip() or None)
        flash(f"Rejected {n} item(s).", "info")
    return redirect(_back(url_for("instructor.items")))


@bp.post("/items/<item_id>/revert")
def revert(item_id: str) -> Any:
    """Restore an earlier version (recorded as a new version)."""
    form = RevertForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        revert_item(get_engine(), item_id, form.version.data, by=_by(), now=utcnow())
    except ItemNotFound:
        abort(404)
    flash(f"Reverted to version {form.version.data}.", "success")
    return redirect(url_for("instructor.item", item_id=item_id))


# --- texts -------------------------------------------------------------------------------------------------

@bp.get("/texts")
def texts() -> Any:
    """The stored texts with their item counts; upload and regenerate."""
    return _texts_page(UploadForm())


def _texts_page(form: UploadForm, status: int = 200) -> Any:
    from quiz.storage.repository import bank_stats

    engine = get_engine()
    return render_template("instructor/texts.html", docs=list_documents(engine), stats=bank_stats(engine),
                           form=form, action=ActionForm()), status


@bp.post("/texts/upload")
def upload() -> Any:
    """Store an uploaded text read as the command line reads files; bad files store nothing."""
    form = UploadForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _texts_page(form, 422)
    upload_file = form.file.data
    data = upload_file.read()
    config = current_app.config["QUIZ_CONFIG"]
    try:
        doc = services.store_upload(get_engine(), upload_file.filename or "upload.txt", data,
                                    max_bytes=config.MAX_UPLOAD_BYTES, now=utcnow(), by=_by())
    except IngestError as exc:
        form.file.errors.append(str(exc))
        return _texts_page(form, 422)
    except services.AlreadyStored as exc:
        flash(f"Nothing new: {exc}.", "info")
        return redirect(url_for("instructor.text", doc_id=exc.document.id))
    flash(f"Stored “{doc.title}” ({doc.words} words).", "success")
    if form.generate.data:
        return _run_regenerate(url_for("instructor.text", doc_id=doc.id))
    return redirect(url_for("instructor.text", doc_id=doc.id))


def _run_regenerate(target: str) -> Any:
    report, problems, seconds = services.regenerate(
        get_engine(), services.get_nlp(current_app._get_current_object()), now=utcnow(), by=_by())
    c = report.counts()
    flash(f"Regenerated in {seconds:.0f} s: {c['inserted']} new, {c['updated']} refreshed, "
          f"{c['unchanged']} unchanged, {c['kept']} kept as you left them, {c['retired']} retired.", "success")
    for problem in problems[:5]:
        flash(problem, "info")
    return redirect(target)


@bp.post("/texts/regenerate")
def regenerate() -> Any:
    """Rebuild the bank from every stored text and merge it, keeping edits and decisions."""
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run_regenerate(_back(url_for("instructor.texts")))


@bp.get("/texts/<doc_id>")
def text(doc_id: str) -> Any:
    """A text as cleaned, cited sentences marked, removed boilerplate faded; select a span to ask about it."""
    engine = get_engine()
    doc = get_document(engine, doc_id)
    if doc is None:
        abort(404)
    records = list_items(engine, document=doc_id, sort="document", limit=None).records
    segments = services.text_segments(doc, records)
    return render_template("instructor/text.html", doc=doc, segments=segments, records=records,
                           ask=AskForm(), action=ActionForm())


@bp.post("/texts/<doc_id>/ask")
def ask(doc_id: str) -> Any:
    """Make a draft question whose answer is the selected span, and open it for editing."""
    form = AskForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash("Select a word or phrase in the text first, then press “Ask about this”.", "info")
        return redirect(url_for("instructor.text", doc_id=doc_id))
    if get_document(get_engine(), doc_id) is None:
        abort(404)
    made, reason = services.ask_about(get_engine(), services.get_nlp(current_app._get_current_object()), doc_id,
                                      form.start.data, form.text.data, now=utcnow(), by=_by())
    if made is None:
        flash(f"No question for “{form.text.data}”: {reason}.", "info")
        return redirect(url_for("instructor.text", doc_id=doc_id))
    flash("A draft question about your selection: edit it if needed, then approve it.", "success")
    return redirect(url_for("instructor.item", item_id=made.id))


# --- statistics, class, exports ----------------------------------------------------------------------------

@bp.get("/stats")
def stats() -> Any:
    """Item statistics from first attempts, flags, distractor pick rates, and relearning quality."""
    table, items_ = services.item_stats(get_engine())
    rows = sorted((s for s in table.values() if s.n), key=lambda s: (not s.flagged, -s.n, s.item_id))
    scatter = charts.scatter([(s.facility, s.discrimination, s.item_id, s.flagged) for s in rows
                              if s.facility is not None and s.discrimination is not None])
    return render_template("instructor/stats.html", rows=rows, items=items_, scatter=scatter,
                           action=ActionForm(), result=None)


@bp.post("/stats/relearn")
def relearn() -> Any:
    """Refit the quality model on decisions and statistics; re-score drafts; show before and after."""
    if not ActionForm().validate_on_submit():
        abort(400)
    result = services.relearn_quality(get_engine(), now=utcnow(), by=_by())
    table, items_ = services.item_stats(get_engine())
    rows = sorted((s for s in table.values() if s.n), key=lambda s: (not s.flagged, -s.n, s.item_id))
    scatter = charts.scatter([(s.facility, s.discrimination, s.item_id, s.flagged) for s in rows
                              if s.facility is not None and s.discrimination is not None])
    return render_template("instructor/stats.html", rows=rows, items=items_, scatter=scatter,
                           action=ActionForm(), result=result)


@bp.get("/class")
def klass() -> Any:
    """Students' progress and mastery per topic, with a bar chart of the class."""
    data = services.class_overview(get_engine(), now=utcnow())
    bars = charts.bars([(t, v["mean"], v["learners"]) for t, v in data["topics"].items()])
    return render_template("instructor/class.html", data=data, bars=bars)


@bp.get("/exports")
def exports() -> Any:
    """The export page: format, approved or all, whole bank or one text."""
    engine = get_engine()
    form = ExportForm(request.args)
    docs = list_documents(engine)
    form.document.choices = options([("", "Whole bank")] + [(d.id, d.title) for d in docs])
    from quiz.storage.repository import bank_stats

    return render_template("instructor/exports.html", form=form, stats=bank_stats(engine))


@bp.get("/exports/download")
def download() -> Any:
    """Send one export as a file download."""
    fmt = request.args.get("fmt", "json")
    if fmt not in services.EXPORT_FORMATS:
        abort(404)
    document = request.args.get("document") or None
    if document and get_document(get_engine(), document) is None:
        abort(404)
    try:
        name, mime, data = services.export_download(
            get_engine(), fmt, bank_name=current_app.config["QUIZ_BANK_NAME"],
            include_all=request.args.get("scope") == "all", document=document)
    except LookupError:
        flash("No items to export with that choice: approve some first, or choose “All”.", "info")
        return redirect(url_for("instructor.exports"))
    return send_file(BytesIO(data), mimetype=mime, as_attachment=True, download_name=name)
