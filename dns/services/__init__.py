"""Changes to DNS. Writes live here, reads in dns.selectors; views call these only.

- `now`: domains, single records and name servers, applied at Fornex right away;
- `plans`: staged changes and the operation that applies a plan;
- `common`: the Fornex call with its failure audited, cache invalidation, audit labels.
"""

from dns.services.common import invalidate, is_uncertain, record_detail, record_label
from dns.services.now import (
    domain_add,
    domain_delete,
    nameservers_change,
    record_add,
    record_delete,
    record_update,
)
from dns.services.plans import (
    PlanError,
    change_stage,
    change_unstage,
    plan_apply,
    plan_discard,
)

__all__ = [
    "PlanError",
    "change_stage",
    "change_unstage",
    "domain_add",
    "domain_delete",
    "invalidate",
    "is_uncertain",
    "nameservers_change",
    "plan_apply",
    "plan_discard",
    "record_add",
    "record_delete",
    "record_detail",
    "record_label",
    "record_update",
]
