# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed write may have done."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.outcome import answered_failure, write_outcome_unknown
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphTransportError
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error


@pytest.mark.parametrize('error, unknown, answered', [
    (GraphTransportError('timeout', 't'), True, False),
    (GraphTransportError('connection', 'reset'), True, False),
    (GraphTransportError('connection', 'refused', not_sent=True), False, False),
    (GraphTransportError('redirect', 'refused'), False, False),
    (graph_error(500), True, True),
    (graph_error(502), True, True),
    (graph_error(503), True, False),
    (graph_error(504), True, False),
    (graph_error(400), False, False),
    (graph_error(429), False, False),
    (graph_error(None), False, False),
])
def test_classification(error, unknown, answered):
    assert write_outcome_unknown(error) is unknown
    assert answered_failure(error) is answered
