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
      - V(auto) takes the first method whose credential is set, in this order. V(access_token) (O(access_token)),
        V(certificate) (O(client_certificate_path)), V(client_secret) (O(client_secret)), V(managed_identity)
        (O(managed_identity_client_id)). Credentials given as options (in the task or its C(module_defaults)) come
        first, then those found in the environment. So a task's O(access_token) is used even when the group's
        C(module_defaults) hold a O(client_secret).
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
      - How many times a request is repeated after HTTP 503 or 504, a dropped connection or a timeout (0 to 20).
      - Throttling (HTTP 429) ends by itself, and parallel runs share Intune's limits, so a throttled request is
        repeated up to ten times as often (50 by default; 0 repeats nothing).
      - Every wait honours C(Retry-After), never earlier, plus a random jitter of up to half of it (at least a second)
        so that forks told to retry at the same moment do not come back together. Without C(Retry-After) the waits
        grow exponentially from 1 s to 60 s. The waits of one request never exceed 300 s in total; a C(Retry-After)
        beyond what is left of that fails the task at once and says so.
      - A request that creates an object is repeated only after HTTP 429; after a timeout, a dropped connection, 503
        or 504 the object is looked up for three times O(timeout) (at least 10 s) before it is sent again, and after
        another HTTP 5xx it is looked up for 10 s and the error reported, without sending it again (see
        C(docs/reliability.md)).
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
        C(~/.cache/msgraph.intune). A missing directory is created with mode C(0700). An existing one that is a
        symbolic link, belongs to another user or is writable by others is not used (the task warns once and keeps
        nothing) and never changed. Entries that are symbolic links, readable by others or do not parse are ignored,
        and a cached token is used only for the same authority, tenant, client and scope."
      - The same directory keeps template data unless O(template_cache=false).
    type: bool
    default: true
  template_cache:
    description:
      - Whether to keep the templates and their setting definitions that tasks read in the cache directory of
        O(token_cache), so that the next tasks do not read them again. Definitions (and a configuration policy
        template's setting templates) never change for a template ID and are kept without expiry; a template itself,
        the template list and its migration targets are read again after one hour.
      - An empty set of definitions is never kept, and a O(msgraph.intune.intune_template_instance#module:settings_delta)
        definition ID that the kept definitions do not know makes the task read the template again once before it
        fails.
      - V(false) keeps template data for the run only.
    type: bool
    default: true
notes:
  - Secrets read from environment variables are hidden from the module output like the O(client_secret),
    O(client_certificate_password) and O(access_token) options.
  - On the controller (local connection, no become, the controller's Python) the module runs in Ansible's worker
    process through its action plugin, with the same results; the items of a loop then share one HTTP session,
    token and template data. Elsewhere, for async tasks, or with the environment variable
    E(MSGRAPH_INTUNE_EXECUTION=module), it runs as a module process. See the guide "Where the modules run".
  - The app needs the Microsoft Graph application permission C(DeviceManagementConfiguration.Read.All) to read and
    C(DeviceManagementConfiguration.ReadWrite.All) to change Intune objects.
requirements:
  - requests
  - msal (not needed with O(auth_method=access_token))
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
