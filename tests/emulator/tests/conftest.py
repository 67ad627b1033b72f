# tests/conftest.py (the collection's) puts tests/emulator on sys.path.
import pytest
import requests

from graph_emulator import Emulator


@pytest.fixture(scope='session')
def emulator(tmp_path_factory):
    instance = Emulator(str(tmp_path_factory.mktemp('emulator')), port=0).start()
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def clean_emulator(emulator):
    """Every test starts from the seed and must leave no schema violations in the emulator's responses."""
    emulator.control.reset()
    yield
    assert emulator.control.violations() == []


@pytest.fixture
def session(emulator):
    http = requests.Session()
    # requests lets REQUESTS_CA_BUNDLE override session.verify unless trust_env is off (msal calls
    # session.get without verify=); it also keeps environment proxies away from the loopback emulator.
    http.trust_env = False
    http.verify = emulator.ca_path
    yield http
    http.close()


@pytest.fixture
def token(emulator, session):
    """A Graph token obtained through the real token endpoint with the client secret."""
    response = session.post('%s/%s/oauth2/v2.0/token' % (emulator.url, emulator.info['tenant_id']), data={
        'grant_type': 'client_credentials', 'client_id': emulator.info['client_id'],
        'client_secret': emulator.info['client_secret'], 'scope': emulator.url + '/.default'})
    assert response.status_code == 200, response.text
    return response.json()['access_token']


@pytest.fixture
def graph(emulator, session, token):
    """requests.Session with the bearer token and a helper to build /beta URLs."""
    session.headers['Authorization'] = 'Bearer ' + token
    session.beta = lambda path: '%s/beta/%s' % (emulator.url, path.lstrip('/'))
    return session
