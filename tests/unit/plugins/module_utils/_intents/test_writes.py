# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writes on an existing intent: a DELETE of an intent that is gone counts as done."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import run


def test_absent_counts_a_404_on_delete_as_gone(graph, existing):
    graph.fail('DELETE', existing['id'], graph_error(404, method='DELETE', code='ResourceNotFound'))
    plan, result = run(graph, state='absent')
    assert result == {}


def test_absent_raises_other_delete_errors(graph, existing):
    graph.fail('DELETE', existing['id'], graph_error(403, method='DELETE', code='Forbidden'))
    with pytest.raises(GraphError):
        run(graph, state='absent')
