"""Statistics graphs: the JSON one chart draws (static/js/vps.js), per field and date range."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import team_view
from fornexpanel.core import formats
from vps import stats
from vps.views._lookup import OrderLookup, with_order


@team_view("team.view")
@require_safe
@with_order(order_type="vps")
def stats_data(request: HttpRequest, lookup: OrderLookup, field: str) -> JsonResponse:
    if field not in stats.FIELD_LABELS:
        raise Http404("No such statistics field.")
    try:
        span = stats.parse_range(request.GET)
    except stats.RangeError as error:
        return JsonResponse({"error": str(error)}, status=400)
    fetched = stats.read(
        lookup.connection, lookup.order.id, field, span, refresh="refresh" in request.GET
    )
    if not fetched.ok:
        # 200 with the words to show: the chart says what went wrong in its own box.
        return JsonResponse({"error": fetched.error_text, "field": field})
    payload = stats.chart_data(fetched.data, since=span.since)
    payload.update(
        {
            "field": field,
            "label": str(stats.FIELD_LABELS[field]),
            "stale": fetched.stale,
            "stale_note": _stale_note(fetched) if fetched.stale else "",
            "fetched_at": fetched.fetched_at.isoformat() if fetched.fetched_at else None,
        }
    )
    response = JsonResponse(payload)
    # A stale answer is not kept by the browser: the next look should ask again.
    response["Cache-Control"] = "no-store" if fetched.stale else "private, max-age=60"
    return response


def _stale_note(fetched) -> str:
    """The words the chart shows under itself (text, not markup), as the pages' stale banner."""
    note = _("Showing data from %(since)s (stale).") % {"since": formats.moment(fetched.fetched_at)}
    return f"{note} {fetched.error_text}".strip()
