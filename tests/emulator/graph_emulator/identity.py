"""Microsoft identity platform: OpenID discovery, client-credentials token endpoint, App Service managed identity."""
import base64
import binascii
import hmac
import json
import time
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .wire import Response, entra_error

JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
# Resources Entra would know in any tenant; the emulator's own base URL is added at start-up.
KNOWN_FOREIGN_RESOURCES = ('https://graph.microsoft.com', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us',
                           'https://microsoftgraph.chinacloudapi.cn', 'https://management.azure.com')
_RESERVED_SCOPES = {'openid', 'profile', 'offline_access'}
_CLOCK_SKEW = 300


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


class IdentityPlatform:
    """Tenant, app registrations and managed identities; issues tokens into the store."""

    def __init__(self, store, base_url, tenant_id, tenant_domain, apps, managed_identities, identity_header):
        self.store = store
        self.base_url = base_url
        self.tenant_id = tenant_id
        self.tenant_domain = tenant_domain
        self.apps = apps  # client_id -> {'secret': str} or {'certificate': x509.Certificate, 'sha1': b, 'sha256': b}
        self.managed_identities = managed_identities  # client_id list; the first is system-assigned
        self.identity_header = identity_header
        self.resources = (base_url,) + KNOWN_FOREIGN_RESOURCES

    def _tenant_known(self, tenant):
        return tenant.lower() in (self.tenant_id, self.tenant_domain.lower())

    def token_endpoint(self):
        return '%s/%s/oauth2/v2.0/token' % (self.base_url, self.tenant_id)

    # -- discovery ----------------------------------------------------------------------------------------
    def openid_configuration(self, request, tenant):
        if not self._tenant_known(tenant):
            return self._unknown_tenant(request, tenant)
        base, tid = self.base_url, self.tenant_id
        return Response(200, {
            'token_endpoint': self.token_endpoint(),
            'token_endpoint_auth_methods_supported': ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
            'jwks_uri': '%s/%s/discovery/v2.0/keys' % (base, tid),
            'response_modes_supported': ['query', 'fragment', 'form_post'],
            'subject_types_supported': ['pairwise'],
            'id_token_signing_alg_values_supported': ['RS256'],
            'response_types_supported': ['code', 'id_token', 'code id_token', 'id_token token'],
            'scopes_supported': ['openid', 'profile', 'email', 'offline_access'],
            'issuer': '%s/%s/v2.0' % (base, tid),
            'request_uri_parameter_supported': False,
            'userinfo_endpoint': '%s/oidc/userinfo' % base,
            'authorization_endpoint': '%s/%s/oauth2/v2.0/authorize' % (base, tid),
            'device_authorization_endpoint': '%s/%s/oauth2/v2.0/devicecode' % (base, tid),
            'http_logout_supported': True, 'frontchannel_logout_supported': True,
            'end_session_endpoint': '%s/%s/oauth2/v2.0/logout' % (base, tid),
            'claims_supported': ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid'],
            'tenant_region_scope': 'EU', 'cloud_instance_name': 'microsoftonline.com',
            'cloud_graph_host_name': 'graph.windows.net', 'msgraph_host': base.split('://', 1)[1],
            'rbac_url': 'https://pas.windows.net'}, content_type='application/json; charset=utf-8')

    def _unknown_tenant(self, request, tenant):
        return entra_error(request, 400, 'invalid_tenant' if 'well-known' in request.path else 'invalid_request',
                           90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are "
                           'signing into the correct cloud.' % tenant, self.base_url)

    # -- token endpoint -----------------------------------------------------------------------------------
    def token(self, request, tenant):
        """Returns (Response, app_id or None)."""
        def error(status, code, aadsts, description):
            return entra_error(request, status, code, aadsts, description, self.base_url), None

        if not self._tenant_known(tenant):
            return self._unknown_tenant(request, tenant), None
        form = request.form()
        for name in ('grant_type', 'client_id'):
            if not form.get(name):
                return error(400, 'invalid_request', 900144,
                             "The request body must contain the following parameter: '%s'." % name)
        if form['grant_type'] != 'client_credentials':
            return error(400, 'unsupported_grant_type', 70003,
                         "The app requested an unsupported grant type '%s'." % form['grant_type'])
        client_id = form['client_id'].lower()
        app = self.apps.get(client_id)
        if app is None:
            return error(400, 'unauthorized_client', 700016,
                         "Application with identifier '%s' was not found in the directory '%s'. This can happen if "
                         'the application has not been installed by the administrator of the tenant or consented to '
                         'by any user in the tenant. You may have sent your authentication request to the wrong '
                         'tenant.' % (form['client_id'], self.tenant_id))
        if form.get('client_secret'):
            if 'secret' not in app or not hmac.compare_digest(form['client_secret'].encode(), app['secret'].encode()):
                return error(401, 'invalid_client', 7000215,
                             'Invalid client secret provided. Ensure the secret being sent in the request is the '
                             "client secret value, not the client secret ID, for a secret added to app '%s'."
                             % client_id)
        elif form.get('client_assertion') or form.get('client_assertion_type'):
            if form.get('client_assertion_type') != JWT_BEARER:
                return error(400, 'invalid_request', 7000219,
                             "'client_assertion_type' must be '%s'." % JWT_BEARER)
            problem = self._check_assertion(form.get('client_assertion', ''), client_id, app)
            if problem:
                return error(401, 'invalid_client', problem[0], problem[1])
        else:
            return error(401, 'invalid_client', 7000218,
                         "The request body must contain the following parameter: 'client_assertion' or "
                         "'client_secret'.")
        if not form.get('scope'):
            return error(400, 'invalid_request', 900144,
                         "The request body must contain the following parameter: 'scope'.")
        scopes = [s for s in form['scope'].split() if s not in _RESERVED_SCOPES]
        if len(scopes) != 1 or not scopes[0].endswith('/.default'):
            return error(400, 'invalid_scope', 1002012,
                         'The provided value for scope %s is not valid. Client credential flows must have a scope '
                         'value with /.default suffixed to the resource identifier (application ID URI).'
                         % form['scope'])
        resource = scopes[0][:-len('/.default')]
        if resource not in self.resources:
            return error(400, 'invalid_resource', 500011,
                         "The resource principal named %s was not found in the tenant named %s. This can happen if "
                         'the application has not been installed by the administrator of the tenant or consented to '
                         'by any user in the tenant. You might have sent your authentication request to the wrong '
                         'tenant.' % (resource, self.tenant_id))
        token, lifetime = self.store.issue_token(resource, client_id, 'client_credentials')
        return Response(200, {'token_type': 'Bearer', 'expires_in': lifetime, 'ext_expires_in': lifetime,
                              'access_token': token}, headers={'Cache-Control': 'no-store, no-cache'},
                        content_type='application/json; charset=utf-8'), client_id

    def _check_assertion(self, assertion, client_id, app):
        """None when the client assertion is valid, else (AADSTS code, description)."""
        malformed = (50027, 'JWT token is invalid or malformed.')
        try:
            header_b64, payload_b64, signature_b64 = assertion.split('.')
            header = json.loads(_b64url_decode(header_b64))
            claims = json.loads(_b64url_decode(payload_b64))
            signature = _b64url_decode(signature_b64)
        except (ValueError, binascii.Error):
            return malformed
        if not isinstance(header, dict) or not isinstance(claims, dict):
            return malformed
        if 'certificate' not in app:
            return 700027, 'Client assertion contains an invalid signature. [Reason - The key was not found.]'
        presented = header.get('x5t#S256') or header.get('x5t')
        expected = app['sha256'] if 'x5t#S256' in header else app['sha1']
        try:
            matches = isinstance(presented, str) and _b64url_decode(presented.rstrip('=')) == expected
        except (ValueError, binascii.Error):
            matches = False
        if not matches:
            return 700027, ('Client assertion contains an invalid signature. [Reason - The key was not found., '
                            "Thumbprint of key used by client: '%s', Please visit the Azure Portal, Graph Explorer "
                            "or directly use MS Graph to see configured keys for app Id '%s'.]" % (presented, client_id))
        if header.get('alg') == 'RS256':
            pad = padding.PKCS1v15()
        elif header.get('alg') == 'PS256':
            pad = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=hashes.SHA256.digest_size)
        else:
            return 5002738, "Invalid JWT token. '%s' is not a supported signature algorithm." % header.get('alg')
        try:
            app['certificate'].public_key().verify(signature, ('%s.%s' % (header_b64, payload_b64)).encode(),
                                                   pad, hashes.SHA256())
        except InvalidSignature:
            return 700027, 'Client assertion failed signature validation.'
        if claims.get('iss') != client_id or claims.get('sub') != client_id:
            return 700021, "Client assertion application identifier doesn't match 'client_id' parameter."
        if claims.get('aud') not in (self.token_endpoint(), '%s/%s/v2.0' % (self.base_url, self.tenant_id)):
            return 700212, "Client assertion audience claim does not match Realm issuer. Review the documentation " \
                           "at https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."
        now = time.time()
        exp, nbf = claims.get('exp'), claims.get('nbf', claims.get('iat', now))
        if not isinstance(exp, (int, float)) or not isinstance(nbf, (int, float)) or exp + _CLOCK_SKEW < now \
                or nbf - _CLOCK_SKEW > now:
            return 700024, 'Client assertion is not within its valid time range.'
        return None

    # -- App Service managed identity ---------------------------------------------------------------------
    def managed_identity_token(self, request):
        """Returns (Response, identity client id or None)."""
        def failure(status, message):
            return Response(status, {'statusCode': status, 'message': message,
                                     'correlationId': str(uuid.uuid4())}), None

        header = request.headers.get('X-IDENTITY-HEADER')
        if header is None:
            return failure(400, 'The X-IDENTITY-HEADER header is required.')
        if not hmac.compare_digest(header.encode(), self.identity_header.encode()):
            return failure(401, 'The X-IDENTITY-HEADER header value is invalid.')
        params = request.query_dict()
        if params.get('api-version') != '2019-08-01':
            return failure(400, "The api-version '%s' could not be found. Supported: 2019-08-01."
                           % params.get('api-version', ''))
        resource = params.get('resource', '')
        if not resource:
            return failure(400, 'The resource parameter is required.')
        if resource.endswith('/.default'):
            resource = resource[:-len('/.default')]
        if resource.rstrip('/') not in self.resources:
            return failure(500, "AADSTS500011: The resource principal named %s was not found in the tenant named %s."
                           % (resource, self.tenant_id))
        if params.get('mi_res_id') or params.get('object_id'):
            return failure(400, 'Unable to load the proper Managed Identity.')
        client_id = (params.get('client_id') or self.managed_identities[0]).lower()
        if client_id not in self.managed_identities:
            return failure(400, 'Unable to load the proper Managed Identity.')
        token, lifetime = self.store.issue_token(resource.rstrip('/'), client_id, 'managed_identity')
        return Response(200, {'access_token': token, 'expires_on': str(int(time.time()) + lifetime),
                              'resource': resource, 'token_type': 'Bearer', 'client_id': client_id},
                        content_type='application/json; charset=utf-8'), client_id
