# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GraphClient: one requests.Session, one retry policy, paging, and GraphError for every failure."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import email.utils
import functools
import json
import platform
import random
import re
import time
import traceback
import uuid

from urllib.parse import quote, urlencode, urlsplit

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.msgraph.intune.plugins.module_utils._cache import GraphCache

try:
    import requests
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None


# Keep in step with galaxy.yml.
COLLECTION_VERSION = '0.1.0'
GRAPH_API_VERSION = 'beta'
WRITE_METHODS = frozenset(('POST', 'PATCH', 'PUT', 'DELETE'))
EXCERPT_LENGTH = 200
_RETRY_AFTER_SECONDS = re.compile(r'^\d+(\.\d+)?$')
_HTML_TAG = re.compile(r'<[^>]*>')


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


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header: integer or fractional seconds, or an HTTP date.

    `now` is a POSIX timestamp (default: the current time). Returns None for a missing or unusable value.
    """
    if value is None:
        return None
    value = str(value).strip()
    if _RETRY_AFTER_SECONDS.match(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are GMT; parsedate_to_datetime leaves "-0000" naive.
        when = when.replace(tzinfo=datetime.timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _excerpt(text):
    """A short single-line excerpt of a response body (tags of an HTML page dropped)."""
    flat = ' '.join(_HTML_TAG.sub(' ', text or '').split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[:EXCERPT_LENGTH] + '...'


def _unwrap_intune_message(message):
    """Intune puts a JSON document in error.message; its "Message" is the text for humans."""
    if isinstance(message, str) and message.lstrip().startswith('{'):
        try:
            document = json.loads(message)
        except ValueError:
            return message
        if isinstance(document, dict) and document.get('Message'):
            return str(document['Message'])
    return message


def _reason_code(response):
    reason = ''.join(word.capitalize() for word in (response.reason or '').split())
    return reason or 'HTTP%d' % response.status_code


def _shape_problem(document, expect):
    """Why a JSON document is not the expected entity or collection, or None."""
    if expect is None:
        return None
    if not isinstance(document, dict):
        return 'expected a JSON object, got %s' % _excerpt(json.dumps(document))
    if expect == 'collection':
        items = document.get('value')
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return 'expected a collection with a "value" list of objects, got %s' % _excerpt(json.dumps(document))
    return None


class GraphError(Exception):
    """A Graph request that failed; the fields are what the module returns."""

    def __init__(self, status, code, message, request_id=None, client_request_id=None, method=None, url=None,
                 request_body=None, date=None):
        super(GraphError, self).__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.client_request_id = client_request_id
        self.method = method
        self.url = url
        self.request_body = request_body
        self.date = date

    @property
    def path(self):
        """The URL path below the API version, as people write it: /deviceManagement/intents/x."""
        path = urlsplit(self.url or '').path
        marker = '/%s/' % GRAPH_API_VERSION
        return path[path.index(marker) + len(marker) - 1:] if marker in path else path

    def _failure(self):
        return ' '.join(str(part) for part in (self.status, self.code) if part is not None)

    def __str__(self):
        ids = ['%s: %s' % (name, value) for name, value in
               (('request-id', self.request_id), ('client-request-id', self.client_request_id)) if value]
        return 'Graph %s %s failed: %s: %s%s' % (
            self.method, self.path, self._failure(), self.message, ' (%s)' % ', '.join(ids) if ids else '')

    def to_dict(self):
        result = dict(status=self.status, code=self.code, message=self.message, request_id=self.request_id,
                      client_request_id=self.client_request_id, date=self.date, method=self.method, url=self.url)
        if self.method in WRITE_METHODS and self.request_body is not None:
            result['request_body'] = self.request_body
        return result


class GraphTransportError(GraphError):
    """No HTTP response: kind is 'timeout' or 'connection' (TLS failures included)."""

    def __init__(self, kind, message, client_request_id=None, method=None, url=None, request_body=None):
        super(GraphTransportError, self).__init__(None, None, message, client_request_id=client_request_id,
                                                  method=method, url=url, request_body=request_body)
        self.kind = kind

    def _failure(self):
        return self.kind

    def to_dict(self):
        result = super(GraphTransportError, self).to_dict()
        result['kind'] = self.kind
        return result


class RetryPolicy(object):
    """Which failures are retried and how long to wait; one instance serves every request of a client."""

    RETRY_STATUSES = frozenset((429, 503, 504))

    def __init__(self, max_retries, floor=1.0, cap=60.0, budget=300.0, random_fraction=random.random):
        self.max_retries = max_retries
        self.floor = floor  # shortest wait, also when Retry-After says 0
        self.cap = cap  # longest single wait
        self.budget = budget  # longest total wait for one call
        self.random_fraction = random_fraction

    def is_retryable_status(self, status, idempotent):
        # 429 means the request was refused before it was processed, so even a non-idempotent one can be repeated.
        return status == 429 or (idempotent and status in self.RETRY_STATUSES)

    def backoff(self, retry_number):
        """Exponential backoff with jitter: between half and all of floor * 2**n, within [floor, cap]."""
        ceiling = self.floor * (2 ** retry_number)
        return max(self.floor, min(self.cap, ceiling * (0.5 + 0.5 * self.random_fraction())))

    def delay(self, retries_done, waited, retry_after=None):
        """(seconds, None) to wait before the next attempt, or (None, reason) when it should not be made."""
        if retries_done >= self.max_retries:
            return None, 'gave up after %d retries' % retries_done
        remaining = self.budget - waited
        if retry_after is None:
            seconds = min(self.backoff(retries_done), remaining)
            if seconds < self.floor:
                return None, 'retry budget of %g s used up' % self.budget
            return seconds, None
        seconds = max(self.floor, retry_after)
        if seconds > self.cap:
            return None, 'Graph asked to retry after %g s, longer than the %g s this client waits at most' % (retry_after, self.cap)
        if seconds > remaining:
            return None, 'Graph asked to retry after %g s, longer than the %g s left of the %g s retry budget' % (
                retry_after, remaining, self.budget)
        return seconds, None


class GraphClient(object):
    """Microsoft Graph beta over one requests.Session.

    Paths are relative to base_url (or absolute URLs on the same host, such as @odata.nextLink).
    ``cache`` is the GraphCache that domain code uses for data that does not change per id (default: this run only).
    """

    def __init__(self, base_url, token_provider, session, timeout, max_retries, sleep=time.sleep, cache=None):
        self.base_url = base_url.rstrip('/')
        if not self.base_url.endswith('/' + GRAPH_API_VERSION):
            raise ValueError('base_url must end in /%s, got %s' % (GRAPH_API_VERSION, base_url))
        base = urlsplit(self.base_url)
        self._origin = (base.scheme, base.netloc)
        self.token_provider = token_provider
        self.session = session
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries)
        self.sleep = sleep
        self.requests_made = 0
        self.cache = GraphCache(self.base_url) if cache is None else cache

    @property
    def max_retries(self):
        return self.retry_policy.max_retries

    def pause_before_retry(self, retry_number):
        """Back off before a retry that the caller decided on (createInstance after a lookup found nothing)."""
        self.sleep(self.retry_policy.backoff(retry_number))

    def get(self, path, params=None):
        """An entity: a JSON object."""
        return self._request('GET', path, params=params, expect='object')

    def get_all(self, path, params=None):
        """Every item of a collection, following each @odata.nextLink."""
        items = []
        url = self._url('GET', path, params)
        seen = set([url])
        while True:
            page = self._request('GET', url, expect='collection')
            items.extend(page['value'])
            url = page.get('@odata.nextLink')
            if not url:
                return items
            if url in seen:
                raise GraphError(200, 'UnexpectedResponse', 'the same @odata.nextLink came back twice', method='GET', url=url)
            seen.add(url)

    def post(self, path, body, idempotent=True):
        """POST body; returns the JSON response or None (204). idempotent=False retries nothing but 429."""
        return self._request('POST', path, body=body, idempotent=idempotent)

    def patch(self, path, body):
        return self._request('PATCH', path, body=body)

    def delete(self, path):
        return self._request('DELETE', path)

    def _url(self, method, path, params=None):
        if path.startswith(('https://', 'http://')):
            target = urlsplit(path)
            if (target.scheme, target.netloc) != self._origin:
                raise GraphError(None, 'UrlOutsideBase', 'refusing to send the token to %s://%s, which is not %s://%s'
                                 % (target.scheme, target.netloc, self._origin[0], self._origin[1]), method=method, url=path)
            url = path
        else:
            url = '%s/%s' % (self.base_url, path.lstrip('/'))
        if params:
            # %20 rather than '+' for spaces: OData parses '+' in $filter literally.
            url += ('&' if '?' in url else '?') + urlencode(params, quote_via=quote, safe="$'(),")
        return url

    def _request(self, method, path, body=None, params=None, idempotent=True, expect=None):
        """``expect``: None (any JSON or no content), 'object' or 'collection' (a "value" list of objects)."""
        url = self._url(method, path, params)
        retries = 0
        waited = 0.0
        token_refreshed = False
        while True:
            client_request_id = str(uuid.uuid4())
            try:
                response = self._send(method, url, body, client_request_id)
            except requests.exceptions.RequestException as exc:
                error = self._transport_error(exc, method, url, body, client_request_id)
                if not idempotent or isinstance(exc, requests.exceptions.SSLError):
                    raise error
                waited += self._wait_or_raise(error, retries, waited)
                retries += 1
                continue
            if 200 <= response.status_code < 300:
                return self._parse_success(response, method, url, body, client_request_id, expect)
            error = self._error_from_response(response, method, url, body, client_request_id)
            if response.status_code == 401 and error.code == 'InvalidAuthenticationToken' and not token_refreshed:
                token_refreshed = True
                rejected = self.token_provider.token()
                if self.token_provider.refresh() != rejected:
                    continue
            if self.retry_policy.is_retryable_status(response.status_code, idempotent):
                retry_after = parse_retry_after(response.headers.get('Retry-After'))
                waited += self._wait_or_raise(error, retries, waited, retry_after)
                retries += 1
                continue
            raise error

    def _wait_or_raise(self, error, retries, waited, retry_after=None):
        seconds, reason = self.retry_policy.delay(retries, waited, retry_after)
        if seconds is None:
            error.message = '%s (%s)' % (error.message, reason)
            raise error
        self.sleep(seconds)
        return seconds

    def _send(self, method, url, body, client_request_id):
        headers = {
            'Authorization': 'Bearer %s' % self.token_provider.token(),
            'Accept': 'application/json',
            'client-request-id': client_request_id,
        }
        data = None
        if body is not None:
            headers['Content-Type'] = 'application/json'
            data = json.dumps(body).encode('utf-8')
        self.requests_made += 1
        return self.session.request(method, url, headers=headers, data=data, timeout=self.timeout)

    def _transport_error(self, exc, method, url, body, client_request_id):
        host = urlsplit(url).netloc
        if isinstance(exc, requests.exceptions.SSLError):
            kind, message = 'connection', ('TLS error talking to %s: %s. If its certificate is signed by a private CA, '
                                           'set ca_path to that CA bundle (or validate_certs=false, insecure)' % (host, exc))
        elif isinstance(exc, requests.exceptions.Timeout):
            kind, message = 'timeout', 'no response from %s within %s s' % (host, self.timeout)
        else:
            kind, message = 'connection', 'connection to %s failed: %s' % (host, exc)
        return GraphTransportError(kind, message, client_request_id=client_request_id, method=method, url=url,
                                   request_body=body)

    @staticmethod
    def _parse_success(response, method, url, body, client_request_id, expect):
        if response.status_code == 204 or not response.content.strip():
            if expect is None:
                return None
            problem = 'the response is empty'
        else:
            try:
                document = json.loads(response.text)
            except ValueError:
                problem = 'the response is not JSON (%s): %s' % (
                    response.headers.get('Content-Type') or 'no content type', _excerpt(response.text))
            else:
                problem = _shape_problem(document, expect)
                if problem is None:
                    return document
        raise GraphError(response.status_code, 'InvalidResponse', problem, request_id=response.headers.get('request-id'),
                         client_request_id=client_request_id, method=method, url=url, request_body=body,
                         date=response.headers.get('Date'))

    @staticmethod
    def _error_from_response(response, method, url, body, client_request_id):
        code = None
        inner = {}
        try:
            document = json.loads(response.text)
        except ValueError:
            document = None
        error = document.get('error') if isinstance(document, dict) else None
        if isinstance(error, dict):
            code = error.get('code')
            message = _unwrap_intune_message(error.get('message')) or '(no message)'
            details = [item.get('message') for item in error.get('details') or [] if isinstance(item, dict) and item.get('message')]
            if details:
                message = '%s (details: %s)' % (message, '; '.join(details))
            inner = error.get('innerError') or error.get('innererror') or {}
        elif document is not None:
            message = 'unexpected error response: %s' % _excerpt(response.text)
        elif response.content.strip():
            message = 'non-JSON error response (%s): %s' % (
                response.headers.get('Content-Type') or 'no content type', _excerpt(response.text))
        else:
            message = 'empty error response'
        headers = response.headers
        return GraphError(
            response.status_code, code or _reason_code(response), message,
            request_id=inner.get('request-id') or headers.get('request-id'),
            client_request_id=inner.get('client-request-id') or headers.get('client-request-id') or client_request_id,
            method=method, url=url, request_body=body, date=inner.get('date') or headers.get('Date'))
