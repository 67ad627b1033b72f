# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fake requests transport adapters for the unit tests (no network): a scripted Graph, the response they give,
and a GraphClient wired to them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from http.client import responses as REASONS

import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.msgraph.intune.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphClient
from ansible_collections.msgraph.intune.plugins.module_utils._http import build_session

BASE = 'https://127.0.0.1:8444/beta'
TOKEN = 'fake.access.token-0123456789abcdef'


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


class FakeTransport(requests.adapters.BaseAdapter):
    """Replies from a script: each item is a (status, body, headers) tuple or an exception to raise."""

    def __init__(self, script):
        super(FakeTransport, self).__init__()
        self.script = list(script)
        self.requests = []
        self.send_kwargs = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        self.send_kwargs.append(kwargs)
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        status, body, headers = (tuple(item) + (None, None))[:3]
        return fake_response(request, status, body, headers, reason=REASONS.get(status))

    def close(self):
        pass


class FakeTokens(object):
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.refreshes = 0

    def token(self):
        return self.tokens[0]

    def refresh(self):
        self.refreshes += 1
        if len(self.tokens) > 1:
            self.tokens.pop(0)
        return self.tokens[0]


def make_client(script, max_retries=5, tokens=(TOKEN,), timeout=30, validate_certs=True):
    settings = ConnectionSettings(timeout=timeout, validate_certs=validate_certs)
    session = build_session(settings)
    transport = FakeTransport(script)
    session.mount('https://', transport)
    sleeps = []
    client = GraphClient(BASE, FakeTokens(tokens), session, timeout, max_retries, sleep=sleeps.append)
    client.retry_policy.random_fraction = lambda: 1.0
    client.retry_policy.jitter_fraction = lambda: 0.0
    return client, transport, sleeps
