# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Connection options shared by every module: argspec, late-bound environment variables, clouds, endpoint checks."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import ipaddress
import os

from urllib.parse import urlsplit

from ansible_collections.msgraph.intune.plugins.module_utils._errors import ConnectionOptionError

AUTH_METHODS = ('auto', 'access_token', 'certificate', 'client_secret', 'managed_identity')

# No env_fallback here: environment defaults are applied in resolve_connection_settings, after Ansible's
# mutually_exclusive checks, so an injected AZURE_SECRET never collides with an explicit access_token.
GRAPH_AUTH_ARGSPEC = dict(
    tenant_id=dict(type='str'),
    client_id=dict(type='str'),
    client_secret=dict(type='str', no_log=True),
    client_certificate_path=dict(type='path'),
    client_certificate_password=dict(type='str', no_log=True),
    access_token=dict(type='str', no_log=True),
    auth_method=dict(type='str', default='auto', choices=list(AUTH_METHODS)),
    managed_identity_client_id=dict(type='str'),
    cloud=dict(type='str', choices=['public', 'usgov', 'usgov_dod', 'china']),
    graph_endpoint=dict(type='str'),
    authority_host=dict(type='str'),
    validate_certs=dict(type='bool', default=True),
    ca_path=dict(type='path'),
    timeout=dict(type='int', default=30),
    max_retries=dict(type='int', default=5),
    token_cache=dict(type='bool', default=True),
    template_cache=dict(type='bool', default=True),
)


def module_argument_spec(options):
    """A module's whole argument spec: the connection options shared by every module, then its own ``options``."""
    spec = dict(GRAPH_AUTH_ARGSPEC)
    spec.update(options)
    return spec


# Environment variables that fill an option the task left unset, first match wins.
ENV_VARS = collections.OrderedDict([
    ('tenant_id', ('AZURE_TENANT_ID', 'AZURE_TENANT')),
    ('client_id', ('AZURE_CLIENT_ID',)),
    ('client_secret', ('AZURE_CLIENT_SECRET', 'AZURE_SECRET')),
    ('client_certificate_path', ('AZURE_CLIENT_CERTIFICATE_PATH',)),
    ('client_certificate_password', ('AZURE_CLIENT_CERTIFICATE_PASSWORD',)),
    ('access_token', ('MSGRAPH_ACCESS_TOKEN',)),
    ('managed_identity_client_id', ('AZURE_MANAGED_IDENTITY_CLIENT_ID',)),
    ('cloud', ('AZURE_CLOUD_ENVIRONMENT',)),
    ('graph_endpoint', ('MSGRAPH_ENDPOINT',)),
    ('authority_host', ('AZURE_AUTHORITY_HOST',)),
    ('ca_path', ('REQUESTS_CA_BUNDLE',)),
])
SECRET_OPTIONS = frozenset(('client_secret', 'client_certificate_password', 'access_token'))
PATH_OPTIONS = frozenset(('client_certificate_path', 'ca_path'))

# The option whose presence makes each method a candidate; with auth_method=auto the first present one wins.
CREDENTIAL_OPTIONS = collections.OrderedDict([
    ('access_token', 'access_token'),
    ('certificate', 'client_certificate_path'),
    ('client_secret', 'client_secret'),
    ('managed_identity', 'managed_identity_client_id'),
])

Cloud = collections.namedtuple('Cloud', ['authority_host', 'graph_endpoint'])

# Microsoft Graph national cloud deployments (learn.microsoft.com/graph/deployments).
CLOUDS = {
    'public': Cloud('https://login.microsoftonline.com', 'https://graph.microsoft.com'),
    'usgov': Cloud('https://login.microsoftonline.us', 'https://graph.microsoft.us'),
    'usgov_dod': Cloud('https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'),
    'china': Cloud('https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'),
}
DEFAULT_CLOUD = 'public'
# Azure CLI / SDK names, matched case-insensitively (keys are lower case).
CLOUD_ALIASES = {
    'azurecloud': 'public',
    'azureusgovernment': 'usgov',
    'azurechinacloud': 'china',
}

TIMEOUT_RANGE = (1, 3600)
MAX_RETRIES_RANGE = (0, 20)


class ConnectionSettings(object):
    """Every connection option after environment defaults, cloud resolution and checks."""

    FIELDS = ('tenant_id', 'client_id', 'client_secret', 'client_certificate_path', 'client_certificate_password',
              'access_token', 'auth_method', 'managed_identity_client_id', 'cloud', 'graph_endpoint',
              'authority_host', 'validate_certs', 'ca_path', 'timeout', 'max_retries', 'token_cache', 'template_cache')

    def __init__(self, sources=None, **values):
        # {option: the environment variable it was read from}, for messages that name where a value came from.
        self.sources = dict(sources or {})
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError('unknown connection settings: %s' % ', '.join(sorted(unknown)))
        for name in self.FIELDS:
            setattr(self, name, values.get(name))

    @property
    def scope(self):
        return self.graph_endpoint + '/.default'

    @property
    def verify(self):
        """The requests `verify` value: False when validation is off, else the CA bundle path or True."""
        if not self.validate_certs:
            return False
        return self.ca_path or True

    def __repr__(self):
        shown = []
        for name in self.FIELDS:
            value = getattr(self, name)
            if name in SECRET_OPTIONS and value is not None:
                value = '********'
            shown.append('%s=%r' % (name, value))
        return 'ConnectionSettings(%s)' % ', '.join(shown)


def env_hint(option):
    """'the client_secret option or the AZURE_CLIENT_SECRET or AZURE_SECRET environment variable'."""
    names = ENV_VARS.get(option, ())
    if not names:
        return 'the %s option' % option
    plural = 's' if len(names) > 1 else ''
    return 'the %s option or the %s environment variable%s' % (option, ' or '.join(names), plural)


def _is_set(value):
    return value is not None and value != ''


def _from_environment(option, environ):
    """(value, variable name) of the first non-empty variable documented for option, or (None, None)."""
    for name in ENV_VARS.get(option, ()):
        value = environ.get(name)
        if _is_set(value):
            if option in PATH_OPTIONS:
                value = os.path.expanduser(os.path.expandvars(value))
            return value, name
    return None, None


def _resolve_cloud(explicit_cloud, environ, sources):
    if _is_set(explicit_cloud):
        return explicit_cloud
    value, variable = _from_environment('cloud', environ)
    if value is None:
        return DEFAULT_CLOUD
    key = value.strip().lower()
    cloud = CLOUD_ALIASES.get(key, key)
    if cloud not in CLOUDS:
        raise ConnectionOptionError(
            'cloud', '%s=%s is not a known cloud; use one of %s, or AzureCloud, AzureUSGovernment, AzureChinaCloud'
            % (variable, value, ', '.join(sorted(CLOUDS))))
    sources['cloud'] = variable
    return cloud


def is_loopback_host(host):
    """True for localhost, 127.0.0.0/8 and ::1."""
    if not host:
        return False
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(option, url, source=None):
    """Normalise an endpoint URL (no trailing slash) after refusing anything but https or loopback http."""
    where = '%s (from %s)' % (option, source) if source else option
    parts = urlsplit(url.strip())
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        raise ConnectionOptionError(option, '%s must be an absolute https:// URL, got %r' % (where, url))
    if parts.query or parts.fragment:
        raise ConnectionOptionError(option, '%s must not contain a query or fragment, got %r' % (where, url))
    if parts.username is not None or parts.password is not None:
        raise ConnectionOptionError(option, '%s must not contain user credentials' % where)
    if parts.scheme == 'http' and not is_loopback_host(parts.hostname):
        raise ConnectionOptionError(
            option, '%s must use https; http:// is only accepted for loopback hosts (127.0.0.1, ::1, localhost), got %r'
            % (where, url))
    return '%s://%s%s' % (parts.scheme, parts.netloc, parts.path.rstrip('/'))


def _strip_api_version(graph_endpoint):
    # The client always appends /beta itself; accept an override that already carries it.
    return graph_endpoint[:-len('/beta')] if graph_endpoint.endswith('/beta') else graph_endpoint


def _check_range(option, value, bounds):
    low, high = bounds
    if value is None or not low <= value <= high:
        raise ConnectionOptionError(option, '%s must be between %d and %d, got %r' % (option, low, high, value))


def _explicit_auth_method(params):
    """The method of the first credential option the task's own options give (module_defaults included), in the
    order of auth_method=auto: access_token, certificate, client_secret, managed_identity; None without any.

    A group's module_defaults often hold the client secret while one task gives an access token: the order decides,
    wherever the values come from.
    """
    for method, option in CREDENTIAL_OPTIONS.items():
        if _is_set(params.get(option)):
            return method
    return None


def resolve_connection_settings(params, environ):
    """Apply environment defaults and checks to the module params.

    Returns (ConnectionSettings, env_secrets): env_secrets lists the secret values read from the environment,
    which the caller adds to module.no_log_values.
    """
    values = dict((name, params.get(name)) for name in ConnectionSettings.FIELDS)
    sources = {}
    env_secrets = []
    for option in ENV_VARS:
        if option == 'cloud' or _is_set(values.get(option)):
            continue
        value, variable = _from_environment(option, environ)
        values[option] = value
        if value is not None:
            sources[option] = variable
            if option in SECRET_OPTIONS:
                env_secrets.append(value)

    auth_method = values.get('auth_method') or 'auto'
    if auth_method not in AUTH_METHODS:
        raise ConnectionOptionError('auth_method', 'auth_method must be one of %s, got %r' % (', '.join(AUTH_METHODS), auth_method))
    if auth_method == 'auto':
        # A credential written in the task beats one found in the environment.
        auth_method = _explicit_auth_method(params) or 'auto'
    values['auth_method'] = auth_method

    values['cloud'] = _resolve_cloud(params.get('cloud'), environ, sources)
    cloud = CLOUDS[values['cloud']]
    values['graph_endpoint'] = _strip_api_version(check_endpoint(
        'graph_endpoint', values.get('graph_endpoint') or cloud.graph_endpoint, sources.get('graph_endpoint')))
    values['authority_host'] = check_endpoint(
        'authority_host', values.get('authority_host') or cloud.authority_host, sources.get('authority_host'))

    values['validate_certs'] = params.get('validate_certs') is not False
    values['token_cache'] = params.get('token_cache') is not False
    values['template_cache'] = params.get('template_cache') is not False
    ca_path = values.get('ca_path')
    if ca_path and not os.access(ca_path, os.R_OK):
        where = 'ca_path (from %s)' % sources['ca_path'] if 'ca_path' in sources else 'ca_path'
        raise ConnectionOptionError('ca_path', '%s %s does not exist or is not readable' % (where, ca_path))

    values['timeout'] = GRAPH_AUTH_ARGSPEC['timeout']['default'] if params.get('timeout') is None else params['timeout']
    values['max_retries'] = GRAPH_AUTH_ARGSPEC['max_retries']['default'] if params.get('max_retries') is None else params['max_retries']
    _check_range('timeout', values['timeout'], TIMEOUT_RANGE)
    _check_range('max_retries', values['max_retries'], MAX_RETRIES_RANGE)
    return ConnectionSettings(sources=sources, **values), env_secrets
