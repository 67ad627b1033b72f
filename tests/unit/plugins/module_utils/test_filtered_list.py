# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""list_filtered: a collection read with a $filter Graph may refuse."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import FILTER_REFUSED_STATUSES, list_filtered
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import ANTIVIRUS, policy_graph

POLICIES = 'deviceManagement/configurationPolicies'


@pytest.fixture
def graph():
    fake = policy_graph()
    fake.add_policy('Mine', ANTIVIRUS)
    fake.add_policy('Other', ANTIVIRUS)
    return fake


def test_the_filter_is_sent(graph):
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'")
    assert [p['name'] for p in listed] == ['Mine']
    assert graph.calls == [('GET', POLICIES, {'$filter': "name eq 'Mine'"})]


@pytest.mark.parametrize('status', FILTER_REFUSED_STATUSES)
def test_a_refused_filter_lists_the_whole_collection_and_warns(graph, status):
    graph.refuse_name_filter = status
    warnings = Warnings()
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'", warnings, label='name', plural='configuration policies')
    assert sorted(p['name'] for p in listed) == ['Mine', 'Other']
    assert graph.calls == [('GET', POLICIES, {'$filter': "name eq 'Mine'"}), ('GET', POLICIES, None)]
    assert warnings == ['Graph refused the name filter on %s (HTTP %d); all configuration policies were listed and '
                        'matched locally instead' % (POLICIES, status)]


def test_a_refused_filter_without_warnings(graph):
    graph.refuse_name_filter = 400
    assert len(list_filtered(graph, POLICIES, "name eq 'Mine'")) == 2
    assert graph.calls[1] == ('GET', POLICIES, None)


def test_the_default_wording_of_the_warning(graph):
    graph.refuse_name_filter = 501
    warnings = Warnings()
    list_filtered(graph, POLICIES, "name eq 'Mine'", warnings)
    assert warnings == ['Graph refused the the filter on %s (HTTP 501); all items were listed and matched locally '
                        'instead' % POLICIES]


@pytest.mark.parametrize('status', [401, 403, 404, 503])
def test_other_failures_are_raised(graph, status):
    error = graph_error(status)
    graph.fail('GET', POLICIES, error)
    with pytest.raises(GraphError) as raised:
        list_filtered(graph, POLICIES, "name eq 'Mine'", Warnings())
    assert raised.value is error and len(graph.calls) == 1
