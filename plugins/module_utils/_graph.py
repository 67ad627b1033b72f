# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""GraphClient: requests to Graph beta over the run's Session, with one retry policy, paging, and a GraphError for
every failure."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import json
import time
import uuid

from urllib.parse import quote, urlencode, urlsplit

from ansible_collections.msgraph.intune.plugins.module_utils._cache import GraphCache
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError
from ansible_collections.msgraph.intune.plugins.module_utils._graph_responses import error_from_response, parse_success
from ansible_collections.msgraph.intune.plugins.module_utils._http import (
    REDIRECT,
    REQUEST_EXCEPTIONS,
    TIMEOUT,
    TLS,
    request_not_sent,
    transport_failure_kind,
)
from ansible_collections.msgraph.intune.plugins.module_utils._odata import GRAPH_API_VERSION
from ansible_collections.msgraph.intune.plugins.module_utils._retry import RetryPolicy


def absent_as_none(request):
    """``request()``, or None when Graph answers 404: the one place where "not found" means "absent"."""
    try:
        return request()
    except GraphError as exc:
        if exc.status != 404:
            raise
        return None


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
        # What the domain layers remember for the client's life (a task; in-process, a whole loop) and keep current
        # themselves; never written to disk (see _intents/lookup.ProfileNames).
        self.run_memory = {}
        self._sent_tokens = set()
        self._masked = set()
        self.cache = GraphCache(self.base_url) if cache is None else cache

    def secrets(self):
        """The values the run must mask: every token this client sent or its token provider handed out, and the
        secret values the domain layers found in the task's options (``mask``)."""
        return self._sent_tokens | self._masked | set(getattr(self.token_provider, 'issued', ()))

    def mask(self, values):
        """Mask these values (secret setting values a task sends) in whatever the run returns."""
        self._masked.update(value for value in values if isinstance(value, str) and value)

    @property
    def max_retries(self):
        return self.retry_policy.max_retries

    def retry_wait(self, retry_number, retry_after=None):
        """Seconds to wait before a retry that the caller decides on (the lookups after a createInstance whose
        outcome is unknown): Retry-After when Graph gave one, with jitter on top, else the backoff."""
        return self.retry_policy.wait(retry_number, retry_after)

    def pause(self, seconds):
        self.sleep(seconds)

    @staticmethod
    def now():
        """The current time (UTC), to compare with the DateTimeOffsets Graph returns."""
        return datetime.datetime.now(datetime.timezone.utc)

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

    def post(self, path, body, idempotent):
        """POST body; returns the JSON response or None (204). idempotent=False retries nothing but 429. Every caller
        says which it is: a write that may not be repeated must never be retried by default."""
        return self._request('POST', path, body=body, idempotent=idempotent)

    def post_read(self, path, body):
        """A read that Graph takes as a POST (directoryObjects/getByIds): it changes nothing, so unlike a write it is
        retried as a GET is, after any transient failure; the answer must be a collection (a "value" list)."""
        return self._request('POST', path, body=body, idempotent=True, expect='collection')

    def patch(self, path, body):
        return self._request('PATCH', path, body=body)

    def put(self, path, body):
        """PUT replaces the whole entity, so repeating it after a lost response is harmless."""
        return self._request('PUT', path, body=body)

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
        retries = {False: 0, True: 0}  # retries done after failures / after throttling (see RetryPolicy)
        waited = 0.0
        token_refreshed = False
        while True:
            client_request_id = str(uuid.uuid4())
            try:
                response = self._send(method, url, body, client_request_id)
            except REQUEST_EXCEPTIONS as exc:
                kind = transport_failure_kind(exc)
                error = self._transport_error(kind, exc, method, url, body, client_request_id)
                if not idempotent or kind in (TLS, REDIRECT):
                    raise error
                waited += self._wait_or_raise(error, retries, waited)
                continue
            if 200 <= response.status_code < 300:
                return parse_success(response, method, url, body, client_request_id, expect)
            error = error_from_response(response, method, url, body, client_request_id)
            if response.status_code == 401 and error.code == 'InvalidAuthenticationToken' and not token_refreshed:
                token_refreshed = True
                rejected = self.token_provider.token()
                if self.token_provider.refresh() != rejected:
                    continue
            if self.retry_policy.is_retryable_status(response.status_code, idempotent):
                waited += self._wait_or_raise(error, retries, waited, throttled=response.status_code == 429)
                continue
            raise error

    def _wait_or_raise(self, error, retries, waited, throttled=False):
        seconds, reason = self.retry_policy.delay(retries[throttled], waited, error.retry_after, throttled)
        if seconds is None:
            error.message = '%s (%s)' % (error.message, reason)
            raise error
        self.sleep(seconds)
        retries[throttled] += 1
        return seconds

    def _send(self, method, url, body, client_request_id):
        token = self.token_provider.token()
        self._sent_tokens.add(token)
        headers = {
            'Authorization': 'Bearer %s' % token,
            'Accept': 'application/json',
            'client-request-id': client_request_id,
        }
        data = None
        if body is not None:
            headers['Content-Type'] = 'application/json'
            data = json.dumps(body).encode('utf-8')
        self.requests_made += 1
        return self.session.request(method, url, headers=headers, data=data, timeout=self.timeout)

    def _transport_error(self, kind, exc, method, url, body, client_request_id):
        host = urlsplit(url).netloc
        if kind == TLS:
            message = ('TLS error talking to %s: %s. If its certificate is signed by a private CA, set ca_path to that '
                       'CA bundle (or validate_certs=false, insecure)' % (host, exc))
        elif kind == TIMEOUT:
            message = 'no response from %s within %s s' % (host, self.timeout)
        elif kind == REDIRECT:
            message = str(exc)
        else:
            message = 'connection to %s failed: %s' % (host, exc)
        # A TLS failure is a failed connection: the error's kind is 'timeout', 'redirect' or 'connection'.
        return GraphTransportError(kind if kind in (TIMEOUT, REDIRECT) else 'connection', message,
                                   client_request_id=client_request_id, method=method, url=url, request_body=body,
                                   not_sent=request_not_sent(exc))
