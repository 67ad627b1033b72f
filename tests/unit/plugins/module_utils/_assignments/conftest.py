# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixture of the assignment domain's tests: a fake Graph with groups and the BitLocker template."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import assignment_graph


@pytest.fixture
def graph():
    return assignment_graph()
