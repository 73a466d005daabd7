"""The rules that read and change an account: VPS power jobs, DNS, SSH keys, webhook, NS.

Jobs complete lazily: nothing runs in the background. A job is done once ``World.job_seconds``
have passed on the world's clock since it was queued, and the VPS it belongs to takes its new
power state the first time anything looks at it after that (see ``settle``).

Power rules (kept simple, documented here for the panel's tests):

- While a job runs the VPS status is transitional: ``starting`` (start), ``stopping`` (stop),
  ``restarting`` (restart, hard_reset); a password reset leaves the status as it was.
- One job at a time per VPS: any new job while one runs is a 400.
- ``start`` needs the VPS ``off``; ``stop`` and ``restart`` need it ``on``; ``hard_reset`` works in
  either state and leaves it ``on``. A password reset works in either state.
- Power actions and password resets on an order that is not a VPS are a 400.
"""

from __future__ import annotations

import string

from fornexpanel.sandbox.models import Account, Domain, Job, Order, Record, SshKey, World
from fornexpanel.sandbox.validation import (
    bad_request,
    not_found,
    parse_domain_name,
    parse_ip,
    parse_nameservers,
    parse_record,
    parse_ssh_public_key,
    parse_webhook_url,
)

_TYPE_NAMES = {"vps": "a VPS", "ds": "a dedicated server", "vpn": "a VPN", "domain": "a domain"}
_PASSWORD_ALPHABET = string.ascii_letters + string.digits


# Orders and jobs -----------------------------------------------------------------------------


def get_order(account: Account, order_id: str, otype: str | None = None) -> Order:
    order = account.orders.get(order_id)
    if order is None:
        raise not_found()
    if otype is not None and order.type != otype:
        raise bad_request(f"Order {order_id} is not {_TYPE_NAMES[otype]}")
    return order


def job_done(world: World, job: Job) -> bool:
    return world.clock.now() - job.created >= world.job_seconds


def settle(world: World, account: Account, order: Order) -> Job | None:
    """Apply a finished job to its VPS; return the job still running, if any."""
    if order.running_job is None:
        return None
    job = account.jobs[order.running_job]
    if not job_done(world, job):
        return job
    if job.kind.power_after is not None:
        order.power = job.kind.power_after
    order.running_job = None
    return None


def vps_status(world: World, account: Account, order_id: str) -> str:
    order = get_order(account, order_id, "vps")
    running = settle(world, account, order)
    if running is not None and running.kind.status_while_running:
        return running.kind.status_while_running
    return order.power


def _queue_job(world: World, account: Account, order: Order, job_action: str) -> Job:
    if settle(world, account, order) is not None:
        raise bad_request(f"Another task is already running on VPS {order.id}; try again later")
    pk = world.take_job_pk()
    job = Job(pk, order.id, job_action, account.username, world.clock.now(), world.clock.wall())
    account.jobs[pk] = job
    order.running_job = pk
    return job


def vps_power(world: World, account: Account, order_id: str, job_action: str) -> Job:
    order = get_order(account, order_id, "vps")
    if settle(world, account, order) is None:  # nothing running: the power state is final
        if job_action == "start" and order.power == "on":
            raise bad_request(f"VPS {order_id} is already running")
        if job_action in ("stop", "restart") and order.power == "off":
            raise bad_request(f"VPS {order_id} is stopped")
    return _queue_job(world, account, order, job_action)


def vps_password_reset(world: World, account: Account, order_id: str) -> tuple[Job, str]:
    order = get_order(account, order_id, "vps")
    job = _queue_job(world, account, order, "set_root_passwd")
    password = "".join(world.rng.choice(_PASSWORD_ALPHABET) for _ in range(16))
    return job, password


def get_job(world: World, account: Account, order_id: str, log_id: int) -> Job:
    order = get_order(account, order_id, "vps")
    settle(world, account, order)
    job = account.jobs.get(log_id)
    if job is None or job.order_id != order.id:
        raise not_found()
    return job


# DNS -----------------------------------------------------------------------------------------


def get_domain(account: Account, name: str) -> Domain:
    domain = account.domains.get(name.lower())
    if domain is None:
        raise not_found()
    return domain


def add_domain(world: World, account: Account, name_raw: str | None, ip_raw: str | None) -> Domain:
    name = parse_domain_name(name_raw)
    ip = parse_ip(ip_raw)
    if name in account.domains:
        raise bad_request(f"Domain {name} already exists")
    now = world.clock.wall()
    domain = Domain(name=name, created=now, updated=now, tags=[])
    record_id = world.take_record_id()
    domain.records[record_id] = Record(record_id, "", "AAAA" if ":" in ip else "A", None, None, ip)
    account.domains[name] = domain
    return domain


def delete_domain(account: Account, name: str) -> None:
    del account.domains[get_domain(account, name).name]


def _check_duplicate(domain: Domain, fields: dict, skip: int | None = None) -> None:
    for record in domain.records.values():
        same = (record.host, record.type, record.value) == (
            fields["host"],
            fields["type"],
            fields["value"],
        )
        if same and record.id != skip:
            raise bad_request("This record already exists")


def add_record(world: World, account: Account, name: str, params: dict[str, str]) -> Record:
    domain = get_domain(account, name)
    fields = parse_record(params, domain.name)
    _check_duplicate(domain, fields)
    record = Record(id=world.take_record_id(), **fields)
    domain.records[record.id] = record
    domain.updated = world.clock.wall()
    return record


def edit_record(
    world: World, account: Account, name: str, pk: int, params: dict[str, str]
) -> Record:
    """A full replacement, like the form the API mirrors: missing ttl means the default again."""
    domain = get_domain(account, name)
    record = domain.records.get(pk)
    if record is None:
        raise not_found()
    fields = parse_record(params, domain.name)
    _check_duplicate(domain, fields, skip=pk)
    for key, value in fields.items():
        setattr(record, key, value)
    domain.updated = world.clock.wall()
    return record


def delete_record(world: World, account: Account, name: str, pk: int) -> None:
    domain = get_domain(account, name)
    if domain.records.pop(pk, None) is None:
        raise not_found()
    domain.updated = world.clock.wall()


def search_domains(account: Account, q: str, tag: str) -> list[Domain]:
    """``q`` matches part of a domain name or exactly an A/AAAA value; ``tag`` one of its tags."""
    q = q.strip().lower()
    found = []
    for domain in account.domains.values():
        if tag and tag not in domain.tags:
            continue
        if (
            q
            and q not in domain.name
            and not any(r.type in ("A", "AAAA") and r.value == q for r in domain.records.values())
        ):
            continue
        found.append(domain)
    return found


def filter_records(domain: Domain, q: str) -> list[Record]:
    """``q`` matches part of a record's host, type or value, ignoring case."""
    q = q.strip().lower()
    records = list(domain.records.values())
    if not q:
        return records
    return [r for r in records if q in r.host or q == r.type.lower() or q in r.value.lower()]


def change_ns(account: Account, order_id: str, nss_raw: str | None) -> list[str]:
    order = get_order(account, order_id, "domain")
    order.nameservers = parse_nameservers(nss_raw)
    return order.nameservers


# SSH keys and webhook ------------------------------------------------------------------------


def _key_pk(raw: str | None) -> int:
    if raw is None or not raw.strip():
        raise bad_request("key_pk is required")
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"Invalid key_pk {raw[:20]!r}: expected a number") from None


def get_key(account: Account, key_pk_raw: str | None) -> SshKey:
    key = account.ssh_keys.get(_key_pk(key_pk_raw))
    if key is None:
        raise not_found()
    return key


def add_ssh_key(
    world: World, account: Account, title_raw: str | None, key_raw: str | None
) -> SshKey:
    key_text, comment = parse_ssh_public_key(key_raw)
    body = key_text.split()[1]
    if any(existing.key.split()[1] == body for existing in account.ssh_keys.values()):
        raise bad_request("This key has already been added")
    title = (title_raw or "").strip() or comment or "ssh key"
    if len(title) > 100 or not title.isprintable():
        raise bad_request("title: at most 100 printable characters")
    key = SshKey(world.take_key_id(), title, key_text, world.clock.wall().date())
    account.ssh_keys[key.id] = key
    return key


def delete_ssh_key(account: Account, key_pk_raw: str | None) -> None:
    key = get_key(account, key_pk_raw)
    del account.ssh_keys[key.id]
    # A deleted key is also gone from every VPS it was attached to.
    for order in account.orders.values():
        if key.id in order.ssh_keys:
            order.ssh_keys.remove(key.id)


def order_keys(account: Account, order_id: str) -> list[SshKey]:
    order = get_order(account, order_id, "vps")
    return [account.ssh_keys[key_id] for key_id in order.ssh_keys]


def attach_key(account: Account, order_id: str, key_pk_raw: str | None) -> None:
    order = get_order(account, order_id, "vps")
    key = get_key(account, key_pk_raw)
    if key.id in order.ssh_keys:
        raise bad_request(f"Key {key.id} is already attached to {order_id}")
    order.ssh_keys.append(key.id)


def detach_key(account: Account, order_id: str, key_pk_raw: str | None) -> None:
    order = get_order(account, order_id, "vps")
    key = get_key(account, key_pk_raw)
    if key.id not in order.ssh_keys:
        raise bad_request(f"Key {key.id} is not attached to {order_id}")
    order.ssh_keys.remove(key.id)


def set_webhook(account: Account, url_raw: str | None) -> None:
    account.webhook_url = parse_webhook_url(url_raw)
