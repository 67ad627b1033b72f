# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import uuid

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.groups import resolve_targets
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import normalise_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import (
    COLLECTION_ID,
    FILTER,
    FINANCE,
    FINANCE_TWIN,
    LAPTOPS,
    OBRIEN,
)


def test_group_name_is_resolved_with_the_one_odata_escaping(graph):
    names = {}
    targets = resolve_targets(graph, normalise_assignments([{'group_name': "O'Brien Team"}, {'group_name': 'corp laptops'}]),
                              names)
    assert [t.group_id for t in targets] == [OBRIEN, LAPTOPS]
    filters = [call[2]['$filter'] for call in graph.requests('GET', 'groups')]
    assert filters == ["displayName eq 'O''Brien Team'", "displayName eq 'corp laptops'"]
    # The names as the directory spells them (the lookup ignores case), for the diff.
    assert names == {OBRIEN: "O'Brien Team", LAPTOPS: 'Corp Laptops'}


def test_unknown_group_name_fails_naming_the_element(graph):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments([{'all_devices': True}, {'group_name': 'Nobody'}]))
    assert raised.value.field == 'assignments[1].group_name'
    assert "no group is named 'Nobody'" in str(raised.value)


def test_ambiguous_group_name_fails_naming_every_match(graph):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments([{'group_name': 'Finance'}]))
    assert raised.value.field == 'assignments[0].group_name'
    assert '2 groups' in str(raised.value) and FINANCE in str(raised.value) and FINANCE_TWIN in str(raised.value)


def test_server_side_filter_results_are_rechecked(graph):
    graph.groups.append({'id': str(uuid.uuid4()), 'displayName': 'Corp Laptops (old)'})
    original = graph._route_get_all
    graph._route_get_all = lambda parts, params: graph.groups if parts == ['groups'] else original(parts, params)
    assert [t.group_id for t in resolve_targets(graph, normalise_assignments([{'group_name': 'Corp Laptops'}]))] == [LAPTOPS]


@pytest.mark.parametrize('items, field, first', [
    ([{'group_id': LAPTOPS}, {'group_id': LAPTOPS.upper(), 'mode': 'exclude'}], 'assignments[1]', 'assignments[0]'),
    ([{'group_id': LAPTOPS}, {'all_users': True}, {'group_name': 'Corp Laptops'}], 'assignments[2]', 'assignments[0]'),
    ([{'all_devices': True}, {'all_devices': True, 'filter_id': FILTER}], 'assignments[1]', 'assignments[0]'),
    ([{'collection_id': COLLECTION_ID}, {'collection_id': COLLECTION_ID.lower(), 'filter_id': FILTER}],
     'assignments[1]', 'assignments[0]'),
])
def test_a_recipient_given_twice_fails_naming_both_elements(graph, items, field, first):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments(items))
    assert raised.value.field == field
    assert 'which %s already assigns' % first in str(raised.value)
