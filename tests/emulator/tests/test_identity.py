import base64
import json
import time

import jwt  # PyJWT, installed with msal
import msal
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from graph_emulator import seed, tls


def _app(emulator, session, client_id, credential):
    return msal.ConfidentialClientApplication(
        client_id, client_credential=credential, authority='%s/%s' % (emulator.url, emulator.info['tenant_id']),
        instance_discovery=False, http_client=session)


def _scopes(emulator):
    return [emulator.url + '/.default']


def test_msal_client_secret_gets_a_token_that_graph_accepts(emulator, session):
    app = _app(emulator, session, emulator.info['client_id'], emulator.info['client_secret'])
    result = app.acquire_token_for_client(scopes=_scopes(emulator))
    assert 'access_token' in result, result
    assert result['expires_in'] == 3599
    response = session.get(emulator.url + '/beta/deviceManagement/templates',
                           headers={'Authorization': 'Bearer ' + result['access_token']})
    assert response.status_code == 200
    tokens = [e for e in emulator.control.requests('token') if e['status'] == 200]
    assert len(tokens) == 1 and tokens[0]['app_id'] == emulator.info['client_id']
    assert tokens[0]['body']['client_secret'] == '***REDACTED***'
    assert emulator.info['client_secret'] not in json.dumps(emulator.control.requests())


def test_msal_accepts_tenant_domain_as_authority(emulator, session):
    app = msal.ConfidentialClientApplication(
        emulator.info['client_id'], client_credential=emulator.info['client_secret'],
        authority='%s/%s' % (emulator.url, emulator.info['tenant_domain']), instance_discovery=False,
        http_client=session)
    assert 'access_token' in app.acquire_token_for_client(scopes=_scopes(emulator))


def _cert_credential(path, with_thumbprint=False):
    with open(path, 'rb') as handle:
        pem = handle.read()
    cert = x509.load_pem_x509_certificate(pem)
    key = serialization.load_pem_private_key(pem, None)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    credential = {'private_key': key_pem}
    if with_thumbprint:
        credential['thumbprint'] = cert.fingerprint(hashes.SHA1()).hex()
    else:
        credential['public_certificate'] = cert.public_bytes(serialization.Encoding.PEM).decode()
    return credential


@pytest.mark.parametrize('with_thumbprint', [False, True], ids=['PS256-x5t#S256', 'RS256-x5t'])
def test_msal_certificate_gets_a_token(emulator, session, with_thumbprint):
    credential = _cert_credential(emulator.info['cert_path'], with_thumbprint=with_thumbprint)
    result = _app(emulator, session, emulator.info['cert_client_id'], credential).acquire_token_for_client(
        scopes=_scopes(emulator))
    assert 'access_token' in result, result
    entry = [e for e in emulator.control.requests('token') if e['status'] == 200][-1]
    assert entry['body']['client_assertion'] == '***REDACTED***'


def test_msal_encrypted_certificate_with_passphrase(emulator, session):
    with open(emulator.info['cert_encrypted_path']) as handle:
        pem = handle.read()
    cert_pem = pem[pem.index('-----BEGIN CERTIFICATE-----'):]
    credential = {'private_key': pem, 'passphrase': emulator.info['cert_password'], 'public_certificate': cert_pem}
    result = _app(emulator, session, emulator.info['cert_client_id'], credential).acquire_token_for_client(
        scopes=_scopes(emulator))
    assert 'access_token' in result, result


def test_certificate_of_another_key_is_refused(emulator, session, tmp_path):
    paths, _cert = tls.generate_client_certificate(str(tmp_path), 'other', 'x')
    credential = _cert_credential(paths['plain'])
    result = _app(emulator, session, emulator.info['cert_client_id'], credential).acquire_token_for_client(
        scopes=_scopes(emulator))
    assert result['error'] == 'invalid_client'
    assert result['error_description'].startswith('AADSTS700027:')


def test_wrong_secret_unknown_client_unknown_tenant_bad_scope(emulator, session):
    token_url = '%s/%s/oauth2/v2.0/token' % (emulator.url, emulator.info['tenant_id'])
    base = {'grant_type': 'client_credentials', 'client_id': emulator.info['client_id'],
            'client_secret': emulator.info['client_secret'], 'scope': emulator.url + '/.default'}
    cases = [
        (dict(base, client_secret='not-the-secret'), 401, 'invalid_client', 7000215),
        (dict(base, client_id='00000000-0000-0000-0000-00000000abcd'), 400, 'unauthorized_client', 700016),
        (dict(base, scope=emulator.url + '/DeviceManagementConfiguration.ReadWrite.All'), 400, 'invalid_scope',
         1002012),
        (dict(base, scope='https://unknown.example/.default'), 400, 'invalid_resource', 500011),
        ({k: v for k, v in base.items() if k != 'client_secret'}, 401, 'invalid_client', 7000218),
    ]
    for form, status, error, code in cases:
        response = session.post(token_url, data=form, headers={'client-request-id': 'corr-1234'})
        assert response.status_code == status, (form, response.text)
        payload = response.json()
        assert payload['error'] == error
        assert payload['error_codes'] == [code]
        assert payload['error_description'].startswith('AADSTS%d: ' % code)
        assert payload['correlation_id'] == 'corr-1234'
        assert {'timestamp', 'trace_id'} <= set(payload)
    response = session.post('%s/%s/oauth2/v2.0/token' % (emulator.url, 'no-such-tenant.example'), data=base)
    assert response.status_code == 400 and response.json()['error_codes'] == [90002]


def test_msal_reports_unknown_tenant_on_discovery(emulator, session):
    with pytest.raises(ValueError, match='Unable to get authority configuration'):
        msal.ConfidentialClientApplication(
            emulator.info['client_id'], client_credential='x', authority=emulator.url + '/wrong-tenant',
            instance_discovery=False, http_client=session)
    [entry] = emulator.control.requests('discovery')
    assert entry['path'] == '/wrong-tenant/v2.0/.well-known/openid-configuration' and entry['status'] == 400
    response = session.get(emulator.url + entry['path'])
    assert response.json()['error'] == 'invalid_tenant'
    assert response.json()['error_description'].startswith("AADSTS90002: Tenant 'wrong-tenant' not found.")


def test_msal_managed_identity_app_service(emulator, session, monkeypatch):
    monkeypatch.setenv('IDENTITY_ENDPOINT', emulator.info['identity_endpoint'])
    monkeypatch.setenv('IDENTITY_HEADER', emulator.info['identity_header'])
    for identity, client_id in ((msal.SystemAssignedManagedIdentity(), emulator.info['managed_identity_client_id']),
                                (msal.UserAssignedManagedIdentity(
                                    client_id=emulator.info['managed_identity_user_client_id']),
                                 emulator.info['managed_identity_user_client_id'])):
        client = msal.ManagedIdentityClient(identity, http_client=session, token_cache=msal.TokenCache())
        result = client.acquire_token_for_client(resource=emulator.url)
        assert 'access_token' in result, result
        response = session.get(emulator.url + '/beta/deviceManagement/intents',
                               headers={'Authorization': 'Bearer ' + result['access_token']})
        assert response.status_code == 200
        assert emulator.control.requests('msi')[-1]['app_id'] == client_id


def test_managed_identity_wrong_header_and_unknown_identity(emulator, session, monkeypatch):
    monkeypatch.setenv('IDENTITY_ENDPOINT', emulator.info['identity_endpoint'])
    monkeypatch.setenv('IDENTITY_HEADER', 'wrong-header-value')
    client = msal.ManagedIdentityClient(msal.SystemAssignedManagedIdentity(), http_client=session,
                                        token_cache=msal.TokenCache())
    result = client.acquire_token_for_client(resource=emulator.url)
    assert result.get('error') and '401' in result['error_description']
    raw = session.get(emulator.info['identity_endpoint'], params={'api-version': '2019-08-01',
                                                                  'resource': emulator.url})
    assert raw.status_code == 400
    raw = session.get(emulator.info['identity_endpoint'],
                      params={'api-version': '2019-08-01', 'resource': emulator.url, 'client_id': seed.CERT_APP_ID},
                      headers={'X-IDENTITY-HEADER': emulator.info['identity_header']})
    assert raw.status_code == 400 and raw.json()['message'] == 'Unable to load the proper Managed Identity.'


def test_graph_requires_a_valid_token_for_this_resource(emulator, session):
    url = emulator.url + '/beta/deviceManagement/intents'
    response = session.get(url, headers={'client-request-id': 'abc-123'})
    assert response.status_code == 401
    error = response.json()['error']
    assert error['code'] == 'InvalidAuthenticationToken'
    assert error['innerError']['client-request-id'] == 'abc-123'
    assert response.headers['client-request-id'] == 'abc-123' and response.headers['request-id']
    assert session.get(url, headers={'Authorization': 'Bearer made-up'}).status_code == 401
    foreign = session.post('%s/%s/oauth2/v2.0/token' % (emulator.url, emulator.info['tenant_id']), data={
        'grant_type': 'client_credentials', 'client_id': emulator.info['client_id'],
        'client_secret': emulator.info['client_secret'], 'scope': 'https://graph.microsoft.com/.default'})
    response = session.get(url, headers={'Authorization': 'Bearer ' + foreign.json()['access_token']})
    assert response.status_code == 401 and response.json()['error']['message'] == 'Invalid audience.'
    log = emulator.control.requests('graph')
    assert [e['auth'] for e in log] == [False, True, True]


def test_expired_token_is_refused(emulator, graph):
    assert graph.get(graph.beta('deviceManagement/intents')).status_code == 200
    emulator.control.expire_tokens()
    response = graph.get(graph.beta('deviceManagement/intents'))
    assert response.status_code == 401 and 'expired' in response.json()['error']['message']


@pytest.mark.parametrize('claims, code', [
    ({'exp_offset': -3600}, 700024),
    ({'aud': 'https://login.microsoftonline.com/common/oauth2/v2.0/token'}, 700212),
    ({'iss': seed.SECRET_APP_ID}, 700021),
])
def test_client_assertion_claims_are_checked(emulator, session, claims, code):
    with open(emulator.info['cert_path'], 'rb') as handle:
        pem = handle.read()
    key = serialization.load_pem_private_key(pem, None)
    cert = x509.load_pem_x509_certificate(pem)
    token_url = '%s/%s/oauth2/v2.0/token' % (emulator.url, emulator.info['tenant_id'])
    now = int(time.time())
    payload = {'aud': claims.get('aud', token_url), 'iss': claims.get('iss', emulator.info['cert_client_id']),
               'sub': emulator.info['cert_client_id'], 'jti': 'j', 'nbf': now - 60,
               'exp': now + 600 + claims.get('exp_offset', 0)}
    thumbprint = base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA256())).decode()
    assertion = jwt.encode(payload, key, algorithm='PS256', headers={'x5t#S256': thumbprint})
    response = session.post(token_url, data={
        'grant_type': 'client_credentials', 'client_id': emulator.info['cert_client_id'],
        'client_assertion_type': 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        'client_assertion': assertion, 'scope': emulator.url + '/.default'})
    assert response.status_code == 401 and response.json()['error_codes'] == [code]
