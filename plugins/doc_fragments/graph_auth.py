# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # Connection and authentication options shared by every module (argspec: module_utils/_connection.py).
    DOCUMENTATION = r'''
options:
  tenant_id:
    description:
      - Microsoft Entra tenant ID (GUID or verified domain) of the app registration.
      - Needed by O(auth_method=client_secret) and O(auth_method=certificate).
      - If not set, the E(AZURE_TENANT_ID) environment variable is used, then E(AZURE_TENANT).
    type: str
  client_id:
    description:
      - Application (client) ID of the app registration.
      - Needed by O(auth_method=client_secret) and O(auth_method=certificate).
      - If not set, the E(AZURE_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - Client secret of the app registration.
      - If not set, the E(AZURE_CLIENT_SECRET) environment variable is used, then E(AZURE_SECRET).
    type: str
  client_certificate_path:
    description:
      - Path to a PEM file that holds the private key and the certificate registered on the app.
      - The private key may be encrypted; then set O(client_certificate_password).
      - The SHA-1 thumbprint is computed from the certificate, which is also sent in the token request (C(x5c)).
      - "To convert a PKCS#12 file, run C(openssl pkcs12 -in cert.pfx -out cert.pem)."
      - If not set, the E(AZURE_CLIENT_CERTIFICATE_PATH) environment variable is used.
    type: path
  client_certificate_password:
    description:
      - Password of the encrypted private key in O(client_certificate_path).
      - If not set, the E(AZURE_CLIENT_CERTIFICATE_PASSWORD) environment variable is used.
    type: str
  access_token:
    description:
      - A Microsoft Graph access token acquired elsewhere, without the C(Bearer) prefix.
      - It is used as is and cannot be refreshed.
      - If not set, the E(MSGRAPH_ACCESS_TOKEN) environment variable is used.
    type: str
  auth_method:
    description:
      - How to get a token.
      - V(auto) uses a credential set in the task if there is one (setting credentials of two methods in the
        task is an error). Otherwise it takes the first method whose credential is found, task or environment,
        in this order. V(access_token) (O(access_token)), V(certificate) (O(client_certificate_path)),
        V(client_secret) (O(client_secret)), V(managed_identity) (O(managed_identity_client_id)).
      - A system-assigned managed identity has no credential to find, so it needs O(auth_method=managed_identity).
      - Environment variables only fill options the task leaves unset, so for example an E(AZURE_SECRET) injected
        by AWX does not conflict with an O(access_token) given in the task.
    type: str
    choices: [auto, access_token, certificate, client_secret, managed_identity]
    default: auto
  managed_identity_client_id:
    description:
      - Client ID of a user-assigned managed identity. Without it, O(auth_method=managed_identity) uses the
        system-assigned identity.
      - If not set, the E(AZURE_MANAGED_IDENTITY_CLIENT_ID) environment variable is used.
    type: str
  cloud:
    description:
      - The Microsoft cloud, which sets the token authority and the Graph endpoint.
      - V(public) is C(https://login.microsoftonline.com) and C(https://graph.microsoft.com) (also Microsoft 365 GCC).
      - V(usgov) is C(https://login.microsoftonline.us) and C(https://graph.microsoft.us) (GCC High).
      - V(usgov_dod) is C(https://login.microsoftonline.us) and C(https://dod-graph.microsoft.us).
      - V(china) is C(https://login.chinacloudapi.cn) and C(https://microsoftgraph.chinacloudapi.cn) (21Vianet).
      - If not set, the E(AZURE_CLOUD_ENVIRONMENT) environment variable is used, which also accepts
        V(AzureCloud), V(AzureUSGovernment) and V(AzureChinaCloud) (case-insensitive). Otherwise V(public).
    type: str
    choices: [public, usgov, usgov_dod, china]
  graph_endpoint:
    description:
      - Overrides the Graph endpoint of O(cloud), for example C(https://graph.microsoft.us). Requests go to its
        C(/beta) path and the token scope is C(<graph_endpoint>/.default).
      - Must be an absolute https URL without a query. C(http://) is accepted only for loopback hosts
        (C(127.0.0.0/8), C(::1), C(localhost)).
      - If not set, the E(MSGRAPH_ENDPOINT) environment variable is used.
    type: str
  authority_host:
    description:
      - Overrides the token authority of O(cloud), for example C(https://login.microsoftonline.us).
      - Same URL rules as O(graph_endpoint); msal itself only accepts https authorities.
      - If not set, the E(AZURE_AUTHORITY_HOST) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates of the token authority and Microsoft Graph.
      - Only set to V(false) against a test endpoint; the module then warns.
    type: bool
    default: true
  ca_path:
    description:
      - CA bundle (PEM file or directory) used to verify TLS certificates, for example behind a TLS-inspecting proxy.
      - If not set, the E(REQUESTS_CA_BUNDLE) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response (1 to 3600).
    type: int
    default: 30
  max_retries:
    description:
      - How many times a request is repeated after HTTP 429, 503 or 504 (honouring C(Retry-After)) or a dropped
        connection (0 to 20).
      - A request that creates an object is repeated only after HTTP 429.
    type: int
    default: 5
  token_cache:
    description:
      - Whether to keep the access token in a file on the host that runs the module, so that the next tasks reuse
        it until five minutes before it expires, instead of asking the identity platform for a new token in
        every task.
      - Used by O(auth_method=client_secret) and O(auth_method=certificate). The file holds msal's token cache
        (access tokens only, never the client secret or certificate) with mode C(0600), in a C(0700) directory.
        Each tenant, client, authority, scope and credential gets its own file, so a changed secret never reuses
        the token of the old one.
      - "The directory is E(MSGRAPH_INTUNE_CACHE_DIR) if set, else C($XDG_CACHE_HOME/msgraph.intune), else
        C(~/.cache/msgraph.intune). It also keeps the templates and their setting definitions that tasks read
        (definitions never change for a template ID; a template itself is read again after one hour)."
    type: bool
    default: true
notes:
  - Secrets read from environment variables are hidden from the module output like the O(client_secret),
    O(client_certificate_password) and O(access_token) options.
  - The app needs the Microsoft Graph application permission C(DeviceManagementConfiguration.Read.All) to read and
    C(DeviceManagementConfiguration.ReadWrite.All) to change Intune objects.
requirements:
  - requests
  - msal
  - cryptography (for O(auth_method=certificate); msal already depends on it)
'''

    ACTION_GROUP = r'''
attributes:
  action_group:
    description: Use C(group/msgraph.intune.intune) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - msgraph.intune.intune
'''
