# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""list_filtered: a collection read with a $filter Graph may refuse."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import (
    EXPAND_REFUSED_KEY,
    FILTER_REFUSED_KEY,
    FILTER_REFUSED_STATUSES,
    list_filtered,
    with_expanded,
)
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


def test_a_refused_filter_is_not_sent_again_by_the_same_client(graph):
    graph.refuse_name_filter = 500
    warnings = Warnings()
    list_filtered(graph, POLICIES, "name eq 'Mine'", warnings, expand='settings')
    graph.calls[:] = []
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'", warnings, expand='settings')
    # Straight to the whole collection, never expanded; the warning is given once.
    assert len(listed) == 2 and 'settings' not in listed[0]
    assert graph.calls == [('GET', POLICIES, None)] and len(warnings) == 1
    assert graph.run_memory[FILTER_REFUSED_KEY] == {(POLICIES, "name eq 'Mine'"): 500}
    # Another filter is sent.
    graph.calls[:] = []
    list_filtered(graph, POLICIES, "name eq 'Other'")
    assert graph.calls[0] == ('GET', POLICIES, {'$filter': "name eq 'Other'"})


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


# --- expand: a navigation property of each item, in the same request -------------------------------------------

EXPANDED = {'$filter': "name eq 'Mine'", '$expand': 'settings'}


def test_an_expanded_property_comes_with_each_item(graph):
    graph.add_policy('Mine', ANTIVIRUS, settings=[{'x': 1}])
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'", expand='settings')
    assert sorted(len(p['settings']) for p in listed) == [0, 1]
    assert graph.calls == [('GET', POLICIES, EXPANDED)]


@pytest.mark.parametrize('status', FILTER_REFUSED_STATUSES)
def test_a_refused_expansion_lists_without_it_and_is_not_asked_for_again(graph, status):
    graph.expand_refusal = status
    warnings = Warnings()
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'", warnings, expand='settings')
    assert [p['name'] for p in listed] == ['Mine'] and 'settings' not in listed[0]
    assert graph.calls == [('GET', POLICIES, EXPANDED), ('GET', POLICIES, {'$filter': "name eq 'Mine'"})]
    assert warnings == []  # the caller reads what it needs; nothing is missing from the result
    graph.calls[:] = []
    list_filtered(graph, POLICIES, "name eq 'Other'", warnings, expand='settings')
    assert graph.calls == [('GET', POLICIES, {'$filter': "name eq 'Other'"})]


def test_a_refused_filter_is_not_taken_for_a_refused_expansion(graph):
    graph.refuse_name_filter = 400
    warnings = Warnings()
    listed = list_filtered(graph, POLICIES, "name eq 'Mine'", warnings, expand='settings')
    assert len(listed) == 2 and len(warnings) == 1
    assert graph.calls == [('GET', POLICIES, EXPANDED), ('GET', POLICIES, {'$filter': "name eq 'Mine'"}),
                           ('GET', POLICIES, None)]
    # The filter was refused, not the expansion: the next lookup asks for it again.
    assert graph.run_memory[EXPAND_REFUSED_KEY] == set()


@pytest.mark.parametrize('status', [401, 403, 404, 503])
def test_other_failures_of_an_expanded_list_are_raised(graph, status):
    error = graph_error(status)
    graph.fail('GET', POLICIES, error)
    with pytest.raises(GraphError) as raised:
        list_filtered(graph, POLICIES, "name eq 'Mine'", Warnings(), expand='settings')
    assert raised.value is error and len(graph.calls) == 1


class PagedExpansionClient(object):
    """Graph answering an expanded list whose settings continue on another page (an OData nextLink on the property)."""

    def __init__(self):
        self.run_memory = {}
        self.calls = []

    def get_all(self, path, params=None):
        self.calls.append((path, params))
        if path == POLICIES:
            return [{'id': 'p1', 'settings': [{'id': '0'}], 'settings@odata.context': 'https://graph/$metadata#x',
                     'settings@odata.nextLink': 'https://graph/beta/%s/p1/settings?$skiptoken=1' % POLICIES},
                    {'id': 'p2', 'settings': []}]
        return [{'id': '1'}, {'id': '2'}]


def test_an_expanded_collection_is_read_to_its_last_page():
    client = PagedExpansionClient()
    listed = list_filtered(client, POLICIES, "name eq 'Mine'", expand='settings')
    assert listed == [{'id': 'p1', 'settings': [{'id': '0'}, {'id': '1'}, {'id': '2'}]}, {'id': 'p2', 'settings': []}]
    assert client.calls[1] == ('https://graph/beta/%s/p1/settings?$skiptoken=1' % POLICIES, None)
    assert with_expanded(client, {'id': 'p3'}, 'settings') == {'id': 'p3'}
