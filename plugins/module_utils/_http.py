# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The HTTP layer under Graph and the identity platform: the one ``requests`` import, the run's Session, and the one
classification of transport failures (requests exceptions) that both the Graph client and the auth methods use."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import functools
import platform
import traceback

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

try:
    import requests
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    REQUEST_EXCEPTIONS = ()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    # What requests raises when a request fails: catch this tuple, then ask transport_failure_kind what happened.
    REQUEST_EXCEPTIONS = (requests.exceptions.RequestException,)

# Keep in step with galaxy.yml.
COLLECTION_VERSION = '0.1.0'

# What went wrong when no HTTP response came back (see transport_failure_kind).
TLS = 'tls'
TIMEOUT = 'timeout'
CONNECTION = 'connection'
OTHER = 'other'


def user_agent():
    return 'msgraph.intune/%s ansible-core/%s python-requests/%s Python/%s' % (
        COLLECTION_VERSION, ANSIBLE_VERSION, requests.__version__, platform.python_version())


def build_session(settings):
    """The one requests.Session of a run, shared by msal and GraphClient."""
    session = requests.Session()
    session.verify = settings.verify
    session.headers['User-Agent'] = user_agent()
    # msal passes neither timeout nor verify, and requests has no session-wide timeout; an explicit verify also
    # keeps REQUESTS_CA_BUNDLE from overriding validate_certs=false. Explicit arguments still win.
    session.request = functools.partial(session.request, timeout=settings.timeout, verify=settings.verify)
    return session


def transport_failure_kind(exc):
    """TLS, TIMEOUT, CONNECTION or OTHER for one of REQUEST_EXCEPTIONS; None for any other exception."""
    if not isinstance(exc, REQUEST_EXCEPTIONS):
        return None
    # SSLError is a ConnectionError, and ConnectTimeout both a ConnectionError and a Timeout: test in this order.
    if isinstance(exc, requests.exceptions.SSLError):
        return TLS
    if isinstance(exc, requests.exceptions.Timeout):
        return TIMEOUT
    if isinstance(exc, requests.exceptions.ConnectionError):
        return CONNECTION
    return OTHER
