"""Random input to every DNS form: never a 500, and never a call to Fornex for input the panel
refuses. And where the panel accepts a value, Fornex (the sandbox) accepts it too: the panel's
checks are at least as strict as the API's."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dns import validation as v
from tests.dns.conftest import DOMAIN, find, sandbox_records

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Without NUL: a NUL byte is refused with a 400 before any form sees it
# (fornexpanel/core/inputs.py, tests/access/test_bad_input.py).
junk = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60)
numbers = st.integers(min_value=-5, max_value=70000).map(str)
hosts = st.sampled_from(
    ["@", "*", "", "www", "_sip._tcp", "*.dev", "a.b", "пример", "docs", "-x", "a..b", "x*",
     "www.northwind.io", "x.northwind.io.", "northwind.io.", "UPPER", "a" * 64]
)  # fmt: skip
names = st.sampled_from(
    ["mx.example.com", "example.com.", "пример.рф", "localhost", "1.2.3.4", "a_b.example.org",
     ".", "ns1.example.net", "letsencrypt.org", "mailto:x@example.com", "https://r.example/x",
     '"quoted text"', "v=spf1 -all", "x" * 300, "a.-b.com", "a.b.123"]
)  # fmt: skip
addresses = st.ip_addresses().map(str)
anything = st.one_of(junk, numbers, hosts, names, addresses)

record_forms = st.fixed_dictionaries(
    {
        "type": st.one_of(st.sampled_from(v.RECORD_TYPES), junk),
        "host": anything,
        "value": anything,
        "prio": st.one_of(numbers, junk),
        "weight": st.one_of(numbers, junk),
        "port": st.one_of(numbers, junk),
        "target": anything,
        "caa_flags": st.one_of(st.sampled_from(["0", "128"]), numbers, junk),
        "caa_tag": st.one_of(st.sampled_from(v.CAA_TAGS), junk),
        "caa_value": anything,
        "ttl": st.one_of(st.sampled_from([str(t) for t in v.TTL_CHOICES]), numbers, junk),
        "mode": st.sampled_from(["now", "stage", "", "later"]),
    }
)


def calls(sandbox) -> int:
    return sum(sandbox.requests().values())


class Form:
    """POSTs to one form and counts what reached Fornex. The form page is read first whenever
    the panel's cached reads may be cold (at the start, after a change went through), so any
    request counted during a POST was made because of that POST."""

    def __init__(self, client, sandbox, url: str, *, warm_urls: tuple[str, ...] = ()) -> None:
        self.client, self.sandbox, self.url = client, sandbox, url
        self.warm_urls = (url, *warm_urls)
        self.warm = False

    def submit(self, data: dict):
        if not self.warm:
            for url in self.warm_urls:
                assert self.client.get(url).status_code == 200
            self.warm = True
        before = calls(self.sandbox)
        response = self.client.post(self.url, data)
        sent = calls(self.sandbox) - before
        self.warm = sent == 0
        return response, sent


def check(response, sent: int, *, writes_on_success: bool) -> None:
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        page = response.content.decode()
        assert (
            "data-field-error" in page
            or 'data-testid="form-error"' in page
            or "alert-danger" in page
        )
        # Refused by the panel: nothing went to Fornex. (Refused by Fornex would mean the
        # panel accepted a value the API does not: a gap in the panel's checks.)
        assert sent == 0, "the panel let through a value Fornex refused"
    elif writes_on_success:
        assert sent >= 1


@pytest.mark.parametrize("rtype", v.RECORD_TYPES)
def test_random_input_to_the_record_form_never_breaks_it(
    sandbox_api, as_operator, connection, rtype
):
    form_page = Form(
        as_operator, sandbox_api, reverse("dns:record_add", args=[connection.pk, DOMAIN])
    )

    @settings(EXAMPLES, max_examples=25)
    @given(form=record_forms)
    def run(form):
        form = {**form, "type": rtype}
        response, sent = form_page.submit(form)
        check(response, sent, writes_on_success=form["mode"] != "stage")
        if response.status_code == 302 and form["mode"] == "stage":
            assert sent == 0

    run()


def test_random_input_to_the_edit_form_never_breaks_it(sandbox_api, as_operator, connection):
    pk = find(sandbox_records(sandbox_api), host="api", type="A")[0]["id"]
    form_page = Form(
        as_operator, sandbox_api, reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk])
    )

    @EXAMPLES
    @given(form=record_forms)
    def run(form):
        response, sent = form_page.submit(form)
        check(response, sent, writes_on_success=form["mode"] != "stage")

    run()


def test_random_input_to_the_domain_form_never_breaks_it(sandbox_api, as_admin, connection):
    # The domains list is read too: a name hosted already is refused without asking Fornex.
    form_page = Form(
        as_admin,
        sandbox_api,
        reverse("dns:domain_add", args=[connection.pk]),
        warm_urls=(reverse("dns:list"),),
    )

    @EXAMPLES
    @given(
        name=st.one_of(anything, st.sampled_from(["new.com", "пример.рф", "a.b.c.io"])), ip=anything
    )
    def run(name, ip):
        response, sent = form_page.submit({"name": name, "ip": ip})
        check(response, sent, writes_on_success=True)

    run()


def test_random_input_to_the_nameservers_form_never_breaks_it(sandbox_api, as_admin, connection):
    form_page = Form(
        as_admin, sandbox_api, reverse("dns:nameservers", args=[connection.pk, "375-13"])
    )
    lists = st.lists(anything, max_size=15).map(lambda items: "\n".join(items))

    @EXAMPLES
    @given(nameservers=st.one_of(junk, lists), confirm=st.sampled_from(["on", "", "yes"]))
    def run(nameservers, confirm):
        data = {"nameservers": nameservers, "confirm": confirm}
        response, sent = form_page.submit(data)
        check(response, sent, writes_on_success=True)

    run()


def test_random_input_to_the_search_and_plan_forms_never_breaks_them(
    sandbox_api, as_operator, connection
):
    @EXAMPLES
    @given(q=junk, tag=junk, sort=junk, confirm=junk, mode=junk)
    def run(q, tag, sort, confirm, mode):
        assert (
            as_operator.get(reverse("dns:list"), {"q": q, "tag": tag, "sort": sort}).status_code
            == 200
        )
        domain = reverse("dns:domain", args=[connection.pk, DOMAIN])
        assert as_operator.get(domain, {"q": q}).status_code == 200
        before = calls(sandbox_api)
        apply = as_operator.post(
            reverse("dns:plan_apply", args=[connection.pk, DOMAIN]), {"confirm": confirm}
        )
        assert apply.status_code in (200, 302)
        delete = reverse("dns:record_delete", args=[connection.pk, DOMAIN, 366101])
        assert as_operator.post(delete, {"mode": mode}).status_code in (200, 302)
        if mode not in ("now", "stage"):
            assert calls(sandbox_api) - before <= 1  # at most the zone read for the plan

    run()


# The checks themselves, without HTTP: only ValidationError, and stable on their own output.

CLEANERS = [
    lambda text: v.clean_host(text, DOMAIN),
    v.clean_host_name,
    v.clean_domain_name,
    v.clean_ipv4,
    v.clean_ipv6,
    v.clean_ip,
    v.clean_txt,
    v.clean_ttl,
    v.clean_priority,
    v.clean_srv_target,
    v.clean_caa_flags,
    v.clean_caa_tag,
    v.clean_nameservers,
    lambda text: v.clean_caa_property("issue", text),
    lambda text: v.clean_caa_property("iodef", text),
]


@settings(max_examples=300, deadline=None)
@given(text=anything)
def test_every_check_either_cleans_or_explains(text):
    for clean in CLEANERS:
        try:
            first = clean(text)
        except ValidationError as error:
            assert error.messages and all(error.messages)
            continue
        again = first if not isinstance(first, str) else clean(first if first else "@")
        if isinstance(first, str) and first:
            assert again == first  # cleaning what was cleaned changes nothing


@given(address=st.ip_addresses(v=4))
def test_every_ipv4_address_is_an_a_value_and_not_an_aaaa_one(address):
    assert v.clean_ipv4(str(address)) == str(address)
    with pytest.raises(ValidationError):
        v.clean_ipv6(str(address))


@given(address=st.ip_addresses(v=6))
def test_every_ipv6_address_is_an_aaaa_value_in_its_short_form(address):
    assert v.clean_ipv6(address.exploded) == str(ipaddress.IPv6Address(address))
    with pytest.raises(ValidationError):
        v.clean_ipv4(str(address))


def test_random_input_to_the_domain_delete_form_never_deletes(sandbox_api, as_admin, connection):
    form_page = Form(
        as_admin, sandbox_api, reverse("dns:domain_delete", args=[connection.pk, DOMAIN])
    )
    near_misses = st.sampled_from(["NORTHWIND.IO", "northwind.dev", "northwind", "northwind.io."])

    @EXAMPLES
    @given(confirm=st.one_of(junk, near_misses).filter(lambda text: text.strip() != DOMAIN))
    def run(confirm):
        response, sent = form_page.submit({"confirm": confirm})
        assert response.status_code == 200
        assert sent == 0

    run()
