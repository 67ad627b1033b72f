"""Intune's request limits, scaled: sliding windows per app and per tenant, 429 with Retry-After beyond them."""
import pytest

from graph_emulator.throttle import IntuneLimits


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def limits(clock):
    return IntuneLimits(clock=clock)


def test_scale_divides_every_limit():
    assert IntuneLimits.counts(10) == {'writes per app': 10, 'writes per tenant': 20, 'requests per app': 100,
                                       'requests per tenant': 200}
    assert IntuneLimits.counts(100000) == dict.fromkeys(IntuneLimits.counts(1), 1)


def test_no_scale_means_no_limit(limits):
    assert all(limits.admit('POST', 'app', 0, 20) is None for dummy in range(1000))


def test_writes_per_app_are_refused_until_the_window_slides(limits, clock):
    for dummy in range(10):
        assert limits.admit('PATCH', 'app', 10, 20) is None
        clock.now += 1
    wait, limit = limits.admit('DELETE', 'app', 10, 20)
    assert limit == 'writes per app' and wait == pytest.approx(10.0)
    # Reads still pass: they have their own, larger limits.
    assert limits.admit('GET', 'app', 10, 20) is None
    clock.now += wait
    assert limits.admit('POST', 'app', 10, 20) is None


def test_the_tenant_limit_spans_apps(limits):
    for index in range(20):
        assert limits.admit('POST', 'app%d' % (index % 2), 10, 20) is None
    assert limits.admit('POST', 'app2', 10, 20)[1] == 'writes per tenant'


def test_any_request_counts_towards_the_request_limits(limits):
    for dummy in range(100):
        assert limits.admit('GET', 'app', 10, 20) is None
    assert limits.admit('GET', 'app', 10, 20)[1] == 'requests per app'
    assert limits.admit('GET', 'other', 10, 20) is None


def test_refused_requests_do_not_count(limits, clock):
    assert limits.admit('POST', 'app', 100, 20) is None
    for dummy in range(50):
        assert limits.admit('POST', 'app', 100, 20) is not None
    clock.now += 20
    assert limits.admit('POST', 'app', 100, 20) is None


def test_graph_answers_429_with_retry_after_and_graph_body_beyond_the_limit(emulator, graph):
    emulator.control.config(throttle_scale=50, throttle_window_s=5)  # 2 writes per app per 5 s
    url = graph.beta('deviceManagement/intents/00000000-0000-0000-0000-000000000000')
    statuses = [graph.patch(url, json={'description': 'x'}).status_code for dummy in range(2)]
    assert statuses == [404, 404]
    refused = graph.patch(url, json={'description': 'x'})
    assert refused.status_code == 429
    assert 0 < float(refused.headers['Retry-After']) <= 5
    error = refused.json()['error']
    assert error['code'] == 'TooManyRequests' and error['message'] == 'Please retry again later.'
    assert error['innerError']['status'] == '429' and error['innerError']['request-id'] == refused.headers['request-id']
    assert [entry['throttled'] for entry in emulator.control.requests('graph')] == [None, None, 'writes per app']
    assert graph.get(graph.beta('deviceManagement/intents')).status_code == 200


def test_config_rejects_a_zero_window(emulator):
    with pytest.raises(Exception, match='400'):
        emulator.control.config(throttle_window_s=0)
    assert emulator.control.config()['throttle_window_s'] == 20
