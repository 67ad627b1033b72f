# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which profile a task manages: by intent_id, by name on the named template, on any version, for a migration."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.locate import (
    locate_intent,
    name_key,
    name_taken_warnings,
    near_miss_warnings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    NEWER_BASELINE,
    NEW_BASELINE,
    OLD_BASELINE,
    UNKNOWN,
    params,
)

BASELINE = 'MDM Security Baseline'


def locate(graph, **overrides):
    warnings = Warnings()
    return locate_intent(graph, parse_intent_inputs(params(**overrides)), warnings), list(warnings)


def test_by_name_on_the_named_template_only(graph):
    graph.add_intent('Corp', NEW_BASELINE)
    location, warnings = locate(graph, template_id=BITLOCKER, display_name='Corp')
    assert location.intent is None and location.choice.effective_id == BITLOCKER and warnings == []


def test_template_name_finds_a_profile_on_an_older_version_and_manages_it_there(graph):
    older = graph.add_intent('Corp', NEW_BASELINE)
    location, warnings = locate(graph, template_id=None, template_name=BASELINE, display_name='Corp')
    assert location.intent['id'] == older['id'] and not location.migrate
    assert location.choice.effective_id == NEW_BASELINE
    (warning,) = warnings
    assert older['id'] in warning and NEWER_BASELINE in warning and 'migrate_to: %s' % NEWER_BASELINE in warning
    # The move it suggests names the version the profile is on, since template_name alone means the newest.
    assert "template_version: '2'" in warning and 'template_id: %s' % NEW_BASELINE in warning
    assert location.on_older_version and location.searched == [NEWER_BASELINE, NEW_BASELINE, OLD_BASELINE]


def test_template_name_deleting_a_profile_on_an_older_version_suggests_no_move(graph):
    older = graph.add_intent('Corp', NEW_BASELINE)
    location, warnings = locate(graph, template_id=None, template_name=BASELINE, display_name='Corp', state='absent')
    assert location.intent['id'] == older['id'] and warnings == []


def test_template_name_prefers_nothing_when_the_profile_is_on_the_newest_version(graph):
    newest = graph.add_intent('Corp', NEWER_BASELINE)
    location, warnings = locate(graph, template_id=None, template_name=BASELINE, display_name='Corp')
    assert location.intent['id'] == newest['id'] and warnings == []


def test_template_name_with_one_profile_on_each_of_two_versions_is_ambiguous(graph):
    graph.add_intent('Corp', NEW_BASELINE)
    graph.add_intent('Corp', OLD_BASELINE)
    with pytest.raises(Exception, match='intent_id'):
        locate(graph, template_id=None, template_name=BASELINE, display_name='Corp')


def test_template_version_pins_the_version_for_the_lookup(graph):
    graph.add_intent('Corp', NEW_BASELINE)
    location, warnings = locate(graph, template_id=None, template_name=BASELINE, template_version='3',
                                display_name='Corp')
    assert location.intent is None and location.choice.effective_id == NEWER_BASELINE


def test_migrate_to_finds_the_profile_on_the_target_first(graph):
    graph.add_intent('Corp', OLD_BASELINE)
    on_target = graph.add_intent('Corp', NEW_BASELINE)
    location, _warnings = locate(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp',
                                 migrate_in_place=True)
    assert location.intent['id'] == on_target['id'] and not location.migrate


def test_migrate_in_place_moves_the_profile_on_the_source(graph):
    on_source = graph.add_intent('Corp', OLD_BASELINE)
    location, warnings = locate(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp',
                                migrate_in_place=True)
    assert location.intent['id'] == on_source['id'] and location.migrate and warnings == []


def test_migrate_to_alone_says_the_profile_on_the_source_stays(graph):
    on_source = graph.add_intent('Corp', OLD_BASELINE)
    location, warnings = locate(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp')
    assert location.intent is None and not location.migrate
    (warning,) = warnings
    assert on_source['id'] in warning and 'migrate_in_place' in warning


def test_absent_with_migrate_in_place_deletes_nothing_on_the_source_and_names_what_stays(graph):
    on_source = graph.add_intent('Corp', OLD_BASELINE)
    location, warnings = locate(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp',
                                migrate_in_place=True, state='absent')
    assert location.intent is None
    (warning,) = warnings
    assert 'intent_id: %s and state: absent' % on_source['id'] in warning


def test_a_profile_left_on_the_source_beside_the_one_on_the_target_is_named(graph):
    on_source = graph.add_intent('Corp', OLD_BASELINE)
    on_target = graph.add_intent('Corp', NEW_BASELINE)
    location, warnings = locate(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp',
                                migrate_in_place=True)
    assert location.intent['id'] == on_target['id']
    (warning,) = warnings
    assert on_source['id'] in warning and 'left as it is' in warning
    assert location.searched == [NEW_BASELINE, OLD_BASELINE]


def test_intent_id_needs_no_name_or_template(graph):
    intent = graph.add_intent('Corp', BITLOCKER)
    location, _warnings = locate(graph, template_id=None, display_name=None, intent_id=intent['id'].upper())
    assert location.intent['id'] == intent['id'] and location.choice.effective_id == BITLOCKER


@pytest.mark.parametrize('overrides, field', [
    (dict(template_id=NEW_BASELINE), 'template_id'),
    (dict(template_id=None, template_name='BitLocker', template_version='7'), 'template_version'),
    (dict(template_id=None, template_name=BASELINE), 'template_name'),
])
def test_intent_id_with_a_template_that_is_not_the_profiles_fails(graph, overrides, field):
    intent = graph.add_intent('Corp', BITLOCKER)
    with pytest.raises(InputError) as raised:
        locate(graph, intent_id=intent['id'], display_name=None, **overrides)
    assert raised.value.field == field and intent['id'] in str(raised.value)


def test_an_unknown_intent_id_fails_for_present_and_is_nothing_for_absent(graph):
    with pytest.raises(InputError) as raised:
        locate(graph, template_id=None, display_name=None, intent_id=UNKNOWN)
    assert raised.value.field == 'intent_id'
    location, _warnings = locate(graph, template_id=None, display_name=None, intent_id=UNKNOWN, state='absent')
    assert location.intent is None


def test_intent_id_with_migrate_to_needs_migrate_in_place(graph):
    intent = graph.add_intent('Corp', OLD_BASELINE)
    with pytest.raises(InputError) as raised:
        locate(graph, template_id=None, display_name=None, intent_id=intent['id'], migrate_to=NEW_BASELINE)
    assert raised.value.field == 'migrate_in_place'
    location, _warnings = locate(graph, template_id=None, display_name=None, intent_id=intent['id'],
                                 migrate_to=NEW_BASELINE, migrate_in_place=True)
    assert location.migrate and location.choice.effective_id == NEW_BASELINE


@pytest.mark.parametrize('left, right', [
    ('Loop - AV', 'loop - av'), ('Loop - AV', ' Loop - AV '), ('Loop - AV', 'Loop  -\tAV'),
    ('Loop - AV', 'Loop - A\u200bV'), ('Loop - AV', 'Ｌｏｏｐ - AV'),
])
def test_names_that_read_the_same_have_one_key(left, right):
    assert name_key(left) == name_key(right)


def test_different_names_have_different_keys():
    assert name_key('Loop - AV') != name_key('Loop - AV 2')


def test_near_misses_are_warned_about_only_on_the_templates_searched(graph):
    near = graph.add_intent('Loop - AV', BITLOCKER)
    graph.add_intent('loop - av', NEW_BASELINE)
    warnings = Warnings()
    near_miss_warnings(graph, parse_intent_inputs(params(display_name='Loop - AV ')), [BITLOCKER], warnings)
    (warning,) = list(warnings)
    assert near['id'] in warning and "'Loop - AV'" in warning
    filters = [call[2]['$filter'] for call in graph.requests('GET', 'deviceManagement/intents')]
    assert filters == ["templateId eq '%s'" % BITLOCKER]


def test_near_misses_on_every_version_searched_are_warned_about(graph):
    older = graph.add_intent('Corp Baseline', OLD_BASELINE)
    warnings = Warnings()
    near_miss_warnings(graph, parse_intent_inputs(params(display_name='corp baseline')), [NEWER_BASELINE, OLD_BASELINE],
                       warnings)
    (warning,) = list(warnings)
    assert older['id'] in warning and OLD_BASELINE in warning


def test_a_rename_onto_a_name_other_profiles_have_is_warned_about(graph):
    renamed = graph.add_intent('Old name', BITLOCKER)
    other = graph.add_intent('Taken', BITLOCKER)
    graph.add_intent('Taken', NEW_BASELINE)
    warnings = Warnings()
    inputs = parse_intent_inputs(params(template_id=None, intent_id=renamed['id'], display_name='Taken'))
    name_taken_warnings(graph, inputs, renamed, BITLOCKER, warnings)
    (warning,) = list(warnings)
    assert other['id'] in warning and renamed['id'] in warning and 'ambiguous' in warning
    warnings = Warnings()
    name_taken_warnings(graph, parse_intent_inputs(params(template_id=None, intent_id=renamed['id'], display_name='Free')),
                        renamed, BITLOCKER, warnings)
    assert list(warnings) == []
