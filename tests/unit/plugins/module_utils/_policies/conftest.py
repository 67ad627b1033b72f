# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixtures of the configuration policy domain's tests: a fake Graph with the antivirus, baseline and firewall
templates, and the antivirus template's SettingCatalog."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import SettingCatalog
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import ANTIVIRUS, ANTIVIRUS_SETTINGS, policy_graph


@pytest.fixture
def graph():
    return policy_graph()


@pytest.fixture
def catalog():
    return SettingCatalog(ANTIVIRUS, ANTIVIRUS_SETTINGS)
