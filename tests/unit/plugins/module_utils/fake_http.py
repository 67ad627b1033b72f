# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The response side of the fake requests transport adapters in the unit tests (no network)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import requests
from requests.structures import CaseInsensitiveDict


def fake_response(request, status, body=None, headers=None, reason=None):
    """A requests.Response to ``request`` as an adapter returns it; a dict or list body is sent as JSON."""
    response = requests.Response()
    response.status_code = status
    response.reason = reason
    response.headers = CaseInsensitiveDict(headers or {})
    if isinstance(body, (dict, list)):
        response.headers.setdefault('Content-Type', 'application/json')
        body = json.dumps(body)
    response._content = (body or '').encode('utf-8')
    response.request, response.url = request, request.url
    return response
