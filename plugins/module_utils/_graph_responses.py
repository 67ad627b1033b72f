# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Reading Graph's HTTP responses: a success into JSON of the expected shape, a failure into a GraphError with
Graph's code, message and request ids (Intune's JSON-inside-message unwrapped, HTML pages shortened)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import re

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._retry import parse_retry_after

EXCERPT_LENGTH = 200
_HTML_TAG = re.compile(r'<[^>]*>')


def excerpt(text):
    """A short single-line excerpt of a response body (tags of an HTML page dropped)."""
    flat = ' '.join(_HTML_TAG.sub(' ', text or '').split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[:EXCERPT_LENGTH] + '...'


def unwrap_intune_message(message):
    """Intune puts a JSON document in error.message; its "Message" is the text for humans."""
    if isinstance(message, str) and message.lstrip().startswith('{'):
        try:
            document = json.loads(message)
        except ValueError:
            return message
        if isinstance(document, dict) and document.get('Message'):
            return str(document['Message'])
    return message


def reason_code(response):
    reason = ''.join(word.capitalize() for word in (response.reason or '').split())
    return reason or 'HTTP%d' % response.status_code


def shape_problem(document, expect):
    """Why a JSON document is not the expected entity or collection, or None."""
    if expect is None:
        return None
    if not isinstance(document, dict):
        return 'expected a JSON object, got %s' % excerpt(json.dumps(document))
    if expect == 'collection':
        items = document.get('value')
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return 'expected a collection with a "value" list of objects, got %s' % excerpt(json.dumps(document))
    return None


def parse_success(response, method, url, body, client_request_id, expect):
    """The JSON of a 2xx response (None for no content when ``expect`` is None), else GraphError InvalidResponse.

    ``expect``: None (any JSON or no content), 'object' or 'collection' (a "value" list of objects).
    """
    if response.status_code == 204 or not response.content.strip():
        if expect is None:
            return None
        problem = 'the response is empty'
    else:
        try:
            document = json.loads(response.text)
        except (ValueError, RecursionError):
            problem = 'the response is not JSON that can be read (%s): %s' % (
                response.headers.get('Content-Type') or 'no content type', excerpt(response.text))
        else:
            problem = shape_problem(document, expect)
            if problem is None:
                return document
    raise GraphError(response.status_code, 'InvalidResponse', problem, request_id=response.headers.get('request-id'),
                     client_request_id=client_request_id, method=method, url=url, request_body=body,
                     date=response.headers.get('Date'))


def error_from_response(response, method, url, body, client_request_id):
    """The GraphError of a failed response: Graph's error document, or what the body shows when it is not one."""
    code = None
    inner = {}
    try:
        document = json.loads(response.text)
    except (ValueError, RecursionError):
        document = None
    error = document.get('error') if isinstance(document, dict) else None
    if isinstance(error, dict):
        code = error.get('code')
        message = unwrap_intune_message(error.get('message')) or '(no message)'
        details = [item.get('message') for item in error.get('details') or [] if isinstance(item, dict) and item.get('message')]
        if details:
            message = '%s (details: %s)' % (message, '; '.join(details))
        inner = error.get('innerError') or error.get('innererror')
        inner = inner if isinstance(inner, dict) else {}
    elif document is not None:
        message = 'unexpected error response: %s' % excerpt(response.text)
    elif response.content.strip():
        message = 'non-JSON error response (%s): %s' % (
            response.headers.get('Content-Type') or 'no content type', excerpt(response.text))
    else:
        message = 'empty error response'
    headers = response.headers
    return GraphError(
        response.status_code, code or reason_code(response), message,
        request_id=inner.get('request-id') or headers.get('request-id'),
        client_request_id=inner.get('client-request-id') or headers.get('client-request-id') or client_request_id,
        method=method, url=url, request_body=body, date=inner.get('date') or headers.get('Date'),
        retry_after=parse_retry_after(headers.get('Retry-After')))
