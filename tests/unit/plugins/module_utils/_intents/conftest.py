# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixtures of the intent domain's tests: templates with BitLocker-like definitions, and a profile on one."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import existing_intent, template_graph


@pytest.fixture
def graph():
    return template_graph()


@pytest.fixture
def existing(graph):
    return existing_intent(graph)
