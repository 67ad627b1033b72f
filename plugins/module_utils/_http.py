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

from urllib.parse import urljoin, urlsplit, urlunsplit

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

try:
    import requests
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    REQUEST_EXCEPTIONS = ()
    RequestException = Exception
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    # What requests raises when a request fails: catch this tuple, then ask transport_failure_kind what happened.
    REQUEST_EXCEPTIONS = (requests.exceptions.RequestException,)
    RequestException = requests.exceptions.RequestException


class RedirectRefused(RequestException):
    """A response redirected the request; the collection follows no redirect (see build_session)."""


# Keep in step with galaxy.yml.
COLLECTION_VERSION = '0.2.0'

# What went wrong when no HTTP response came back (see transport_failure_kind).
TLS = 'tls'
TIMEOUT = 'timeout'
CONNECTION = 'connection'
REDIRECT = 'redirect'
OTHER = 'other'


def user_agent():
    return 'msgraph.intune/%s ansible-core/%s python-requests/%s Python/%s' % (
        COLLECTION_VERSION, ANSIBLE_VERSION, requests.__version__, platform.python_version())


def build_session(settings):
    """The one requests.Session of a run, shared by msal and GraphClient.

    It follows no redirect: requests would repeat a POST to wherever a 307 points, the token request's client secret
    included, in clear text over http; Graph and the identity platform never redirect these requests. A redirect
    raises RedirectRefused, which names the status and the location (without its query).
    """
    session = requests.Session()
    session.verify = settings.verify
    session.headers['User-Agent'] = user_agent()
    # msal passes neither timeout nor verify, and requests has no session-wide timeout; an explicit verify also
    # keeps REQUESTS_CA_BUNDLE from overriding validate_certs=false. Explicit arguments still win, but not for
    # allow_redirects, which the hook below enforces whatever a caller passes.
    session.request = functools.partial(session.request, timeout=settings.timeout, verify=settings.verify,
                                        allow_redirects=False)
    session.hooks['response'].append(refuse_redirect)
    return session


def refuse_redirect(response, *args, **kwargs):
    """The session's response hook: a redirect fails the request (RedirectRefused) instead of being followed."""
    if response.is_redirect or response.is_permanent_redirect or (300 <= response.status_code < 400 and response.status_code != 304):
        raise RedirectRefused('HTTP %d redirect to %s refused: the collection follows no redirect'
                              % (response.status_code, redirect_location(response)), response=response)
    return response


def redirect_location(response):
    """The redirect's Location, made absolute, without query and fragment (they may carry secrets)."""
    location = response.headers.get('Location')
    if not location:
        return 'no Location'
    parts = urlsplit(urljoin(response.url or '', location))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, '', ''))


def transport_failure_kind(exc):
    """TLS, TIMEOUT, CONNECTION or OTHER for one of REQUEST_EXCEPTIONS; None for any other exception."""
    if not isinstance(exc, REQUEST_EXCEPTIONS):
        return None
    # SSLError is a ConnectionError, and ConnectTimeout both a ConnectionError and a Timeout: test in this order.
    if isinstance(exc, requests.exceptions.SSLError):
        return TLS
    if isinstance(exc, RedirectRefused):
        return REDIRECT
    if isinstance(exc, requests.exceptions.Timeout):
        return TIMEOUT
    if isinstance(exc, requests.exceptions.ConnectionError):
        return CONNECTION
    return OTHER


def request_not_sent(exc):
    """Whether a requests exception shows that no request left this host: the connection was never made (refused,
    unreachable, or a connect timeout). A reset or a read timeout after the request was sent does not count."""
    if not isinstance(exc, REQUEST_EXCEPTIONS) or isinstance(exc, requests.exceptions.SSLError):
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    # requests wraps urllib3's MaxRetryError, whose reason is a NewConnectionError when the connection failed.
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return type(reason).__name__ == 'NewConnectionError' or 'NewConnectionError' in str(exc)
