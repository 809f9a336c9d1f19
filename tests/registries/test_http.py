"""The polite HTTP client: pace, retries, Retry-After, no retry on 4xx, size cap."""

import urllib.parse

import pytest
import requests
import responses

from mi_refs.errors import RegistryHTTPError, RegistryResponseError, RegistryUnavailableError
from mi_refs.registries.http import (
    REDACTED,
    RateLimiter,
    RetryPolicy,
    ServiceClient,
    decode_json,
    scrub,
    where,
)

BASE = "https://registry.test/api"


class FakeTime:
    """A clock that only moves when something sleeps: tests never wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(time: FakeTime, rate: float = 3.0, **options: object) -> ServiceClient:
    return ServiceClient(
        "test", BASE, rate=rate, user_agent="mi-refs-test/1.0", params={"tool": "mi-refs"},
        clock=time.clock, sleep=time.sleep, rng=lambda: 1.0, **options,  # type: ignore[arg-type]
    )  # fmt: skip


@responses.activate(assert_all_requests_are_fired=True)
def test_identity_and_parameters_are_sent() -> None:
    responses.get(
        f"{BASE}/esummary.fcgi",
        match=[responses.matchers.query_param_matcher({"tool": "mi-refs", "id": "1"})],
        json={"ok": True},
    )
    time = FakeTime()
    response = client(time).get("esummary.fcgi", {"id": "1"})
    assert response.status == 200
    assert responses.calls[0].request.headers["User-Agent"] == "mi-refs-test/1.0"


@responses.activate(assert_all_requests_are_fired=True)
def test_requests_are_paced() -> None:
    responses.get(f"{BASE}/x", json={})
    time = FakeTime()
    http = client(time, rate=3.0)
    for _ in range(4):
        http.get("x")
    assert time.sleeps == pytest.approx([1.1 / 3] * 3)  # 10% under the limit
    assert http.requests_made == 4


@responses.activate(assert_all_requests_are_fired=True)
def test_429_with_retry_after_then_success() -> None:
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "2"})
    responses.get(f"{BASE}/x", json={"fine": 1})
    time = FakeTime()
    http = client(time, rate=1000.0)
    assert decode_json("test", http.get("x")) == {"fine": 1}
    assert 2.0 in time.sleeps
    assert http.retries_made == 1


@responses.activate(assert_all_requests_are_fired=True)
@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_with_backoff(status: int) -> None:
    for _ in range(3):
        responses.get(f"{BASE}/x", status=status)
    responses.get(f"{BASE}/x", json={})
    time = FakeTime()
    http = client(time, rate=1000.0, retry=RetryPolicy(attempts=4, base=0.5, cap=8.0))
    http.get("x")
    backoffs = [s for s in time.sleeps if s > 0.01]
    assert backoffs == [0.5, 1.0, 2.0]  # rng() = 1.0: the full exponential step


@responses.activate(assert_all_requests_are_fired=True)
def test_retries_run_out_into_a_clear_error() -> None:
    responses.get(f"{BASE}/x", status=503)
    time = FakeTime()
    with pytest.raises(RegistryUnavailableError, match=r"test: HTTP 503 \(4 attempts, GET x\)"):
        client(time, rate=1000.0).get("x")
    assert len(responses.calls) == 4


@responses.activate(assert_all_requests_are_fired=True)
@pytest.mark.parametrize("status", [400, 403, 404, 414])
def test_other_4xx_are_never_retried(status: int) -> None:
    responses.get(f"{BASE}/x", status=status)
    with pytest.raises(RegistryHTTPError) as caught:
        client(FakeTime(), rate=1000.0).get("x")
    assert caught.value.status == status
    assert len(responses.calls) == 1


@responses.activate(assert_all_requests_are_fired=True)
def test_connection_errors_are_retried() -> None:
    responses.get(f"{BASE}/x", body=requests.ConnectionError("reset by peer"))
    responses.get(f"{BASE}/x", body=requests.ConnectionError("reset by peer"))
    responses.get(f"{BASE}/x", json={"ok": 1})
    http = client(FakeTime(), rate=1000.0)
    assert decode_json("test", http.get("x")) == {"ok": 1}
    assert http.retries_made == 2


@responses.activate(assert_all_requests_are_fired=True)
def test_a_timeout_gives_the_service_up_for_the_run() -> None:
    """Issue 22: a service that timed out once is not asked again (a silent server cost
    4 x 30 s per service)."""
    responses.get(f"{BASE}/x", body=requests.ReadTimeout("slow"))
    http = client(FakeTime(), rate=1000.0)
    with pytest.raises(RegistryUnavailableError, match="not asked again"):
        http.get("x")
    with pytest.raises(RegistryUnavailableError, match="not asked again"):
        http.get("x")  # no request made: responses would refuse it
    assert http.requests_made == 1 and http.gave_up


@responses.activate(assert_all_requests_are_fired=True)
def test_a_retry_after_over_a_minute_gives_the_service_up() -> None:
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "86400"})
    time = FakeTime()
    http = client(time, rate=1000.0)
    with pytest.raises(RegistryUnavailableError, match="wait 86400 s"):
        http.get("x")
    assert time.sleeps == [] and http.requests_made == 1


@responses.activate(assert_all_requests_are_fired=True)
def test_a_body_over_the_cap_is_refused() -> None:
    responses.get(f"{BASE}/x", body=b"x" * 5000)
    with pytest.raises(RegistryResponseError, match="larger than 1000 bytes"):
        client(FakeTime(), rate=1000.0, max_bytes=1000).get("x")


@responses.activate(assert_all_requests_are_fired=True)
def test_post_sends_the_identity_in_the_body() -> None:
    responses.post(
        f"{BASE}/esummary.fcgi",
        match=[responses.matchers.urlencoded_params_matcher({"tool": "mi-refs", "id": "1,2"})],
        json={},
    )
    client(FakeTime()).post("esummary.fcgi", {"id": "1,2"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body>Maintenance</body></html>", "is an HTML page"),
        (b'{"result": {"uids": ["1"', "is not JSON"),
        (b"", "is not JSON"),
    ],
)
def test_garbage_is_named(body: bytes, message: str) -> None:
    from mi_refs.registries.http import Response

    with pytest.raises(RegistryResponseError, match=message):
        decode_json("pubmed", Response(200, {}, body, f"{BASE}/x"))


def test_rate_limiter_can_slow_down() -> None:
    time = FakeTime()
    limiter = RateLimiter(10.0, time.clock, time.sleep, margin=1.0)
    limiter.wait()
    limiter.set_rate(2.0)
    limiter.wait()
    limiter.wait()
    assert time.sleeps == pytest.approx([0.1, 0.5])


@responses.activate(assert_all_requests_are_fired=True)
def test_messages_never_show_the_query_string() -> None:
    responses.get(f"{BASE}/x", status=400)
    http = ServiceClient(
        "test",
        BASE,
        rate=1000.0,
        user_agent="t",
        params={"api_key": "SECRET"},
        sleep=lambda s: None,
    )
    with pytest.raises(RegistryHTTPError) as caught:
        http.get("x", {"id": "1"})
    assert "SECRET" not in str(caught.value)
    assert str(caught.value) == f"test: HTTP 400 for {BASE}/x"


SECRET_KEY = "0123456789abcdef+SECRET/key"


def test_scrub_and_where() -> None:
    client = ServiceClient(
        "pubmed", "https://u:pw-SECRET-1@host.test:8443/e", rate=1.0, user_agent="t",
        params={"tool": "mi-refs", "api_key": SECRET_KEY, "email": "mi@example.org"},
    )  # fmt: skip
    echoed = f"api_key={urllib.parse.quote_plus(SECRET_KEY)}&k={SECRET_KEY}&tool=mi-refs".encode()
    cleaned = scrub(echoed, client.secrets)
    assert b"SECRET" not in cleaned and REDACTED in cleaned and b"tool=mi-refs" in cleaned
    assert scrub(b"pw-SECRET-1", client.secrets) == REDACTED
    assert where("https://u:pw-SECRET-1@host.test:8443/e?api_key=x") == "https://host.test:8443/e"
