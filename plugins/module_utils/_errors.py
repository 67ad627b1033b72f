# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Every error the collection raises on purpose, under one base class.

Each layer raises one of these for a failure it expects: a bad option, a credential that cannot be used, a Graph
request that failed, a task that cannot be carried out. The module adapter and the action plugins catch
``MsgraphIntuneError`` only, so anything else is a bug and shows as one.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import urlsplit

from ansible_collections.msgraph.intune.plugins.module_utils._odata import GRAPH_API_VERSION

WRITE_METHODS = frozenset(('POST', 'PATCH', 'PUT', 'DELETE'))


class MsgraphIntuneError(Exception):
    """Base class. ``str()`` is the message for the user; ``result_fields()`` the extra keys of the failed result.

    ``done`` is what the run had already changed when the error came (``changed``, ``actions``, ``intent``), so that
    a failure after a write still reports it; ``warnings`` what the run had found worth a warning by then (they often
    explain the failure: the profile was found on another template version, say).
    """

    def __init__(self, *args):
        super(MsgraphIntuneError, self).__init__(*args)
        self.done = {}
        self.warnings = []
        # What to do about it, when the collection knows more than the error says (a sentence, or None).
        self.hint = None

    def details(self):
        """The keys this kind of error adds to the failed result."""
        return {}

    def user_message(self):
        """The failed task's ``msg``: the error, and what the run had already written before it came."""
        text = str(self)
        # The profile written to is the one dict in ``done`` (under "intent" or "policy", see AppliedWrites).
        entity = next((value for value in self.done.values() if isinstance(value, dict)), {})
        if self.done.get('actions'):
            text += '; already done before this failure: %s of %s' % (
                ', '.join(self.done['actions']), entity.get('id') or 'the profile')
        if self.hint:
            text += '. ' + self.hint
        return text

    def result_fields(self):
        fields = dict(self.done)
        fields.update(self.details())
        if self.warnings:
            fields['warnings'] = list(self.warnings)
        return fields


class ConnectionOptionError(MsgraphIntuneError):
    """A connection option (or the environment variable standing in for it) has an unusable value."""

    def __init__(self, option, message):
        super(ConnectionOptionError, self).__init__(message)
        self.option = option
        self.message = message


class AuthError(MsgraphIntuneError):
    """Authentication failed or cannot be attempted. The message names the option or the AADSTS code, never a secret."""

    def __init__(self, message, error=None, aadsts=None, correlation_id=None):
        super(AuthError, self).__init__(message)
        self.message = message
        self.error = error
        self.aadsts = aadsts
        self.correlation_id = correlation_id


class TaskError(MsgraphIntuneError):
    """The task cannot be carried out as asked; the message says why and what to change."""


class InputError(TaskError):
    """An option value is wrong; ``field`` is its path, e.g. ``settings_delta[2].value_json``. An error about a setting
    also names its ``definition_id``, so that nobody has to count list items."""

    def __init__(self, field, message, definition_id=None):
        where = field if definition_id is None else '%s (definition_id %s)' % (field, definition_id)
        super(InputError, self).__init__('%s: %s' % (where, message))
        self.field = field
        self.message = message
        self.definition_id = definition_id

    def for_setting(self, definition_id):
        """This error, naming the setting it is about."""
        if self.definition_id is not None:
            return self
        return InputError(self.field, self.message, definition_id)

    def details(self):
        details = {'field': self.field}
        if self.definition_id is not None:
            details['definition_id'] = self.definition_id
        return details


class GraphError(MsgraphIntuneError):
    """A Graph request that failed; the fields are what the module returns."""

    def __init__(self, status, code, message, request_id=None, client_request_id=None, method=None, url=None,
                 request_body=None, date=None, retry_after=None):
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
        # Seconds from the response's Retry-After header (None without one): a retry must not come earlier.
        self.retry_after = retry_after

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

    def details(self):
        return {'error': self.to_dict()}


class GraphTransportError(GraphError):
    """No usable HTTP response: kind is 'timeout', 'redirect' (refused, never followed) or 'connection' (TLS failures
    included). ``not_sent``: the connection was never made, so the request cannot have reached Graph."""

    def __init__(self, kind, message, client_request_id=None, method=None, url=None, request_body=None, not_sent=False):
        super(GraphTransportError, self).__init__(None, None, message, client_request_id=client_request_id,
                                                  method=method, url=url, request_body=request_body)
        self.kind = kind
        self.not_sent = not_sent

    def _failure(self):
        return self.kind

    def to_dict(self):
        result = super(GraphTransportError, self).to_dict()
        result['kind'] = self.kind
        return result
