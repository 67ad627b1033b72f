# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures every unit test gets."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest


@pytest.fixture(autouse=True)
def no_ca_bundle_from_environment(monkeypatch):
    # requests swaps verify=True for these bundles; the tests check what the client itself passes.
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
