# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which template an intent belongs to: by id, by name and version, migrate_to."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._intents.template_choice import resolve_template
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    NEWER_BASELINE,
    NEW_BASELINE,
    OLD_BASELINE,
    UNKNOWN,
    params,
)


def test_unknown_template_id_is_a_clear_error(graph):
    with pytest.raises(TaskError, match=UNKNOWN):
        resolve_template(graph, template_id=UNKNOWN)


def test_template_name_is_case_insensitive_and_picks_the_newest_current_version(graph):
    choice = resolve_template(graph, template_name='mdm security BASELINE')
    # The deprecated version 1 is the most recently published, version 3 the newest current one.
    assert choice.source_template['id'] == NEWER_BASELINE
    assert choice.effective_template is choice.source_template
    assert not choice.use_migration_path


def test_template_version_selects_that_version(graph):
    choice = resolve_template(graph, template_name='MDM Security Baseline', template_version='2')
    assert choice.source_template['id'] == NEW_BASELINE


def test_unknown_template_version_lists_the_versions(graph):
    with pytest.raises(InputError) as raised:
        resolve_template(graph, template_name='MDM Security Baseline', template_version='9')
    assert raised.value.field == 'template_version'
    for template_id in (OLD_BASELINE, NEW_BASELINE, NEWER_BASELINE):
        assert template_id in str(raised.value)


def test_unknown_template_name_lists_close_names(graph):
    with pytest.raises(InputError) as raised:
        resolve_template(graph, template_name='Bitlockr')
    assert raised.value.field == 'template_name'
    assert "close names: 'BitLocker'" in str(raised.value)


def test_unrelated_template_name_says_nothing_is_close(graph):
    with pytest.raises(InputError, match='no template has a similar name'):
        resolve_template(graph, template_name='Zzzzzzzz')


def test_deprecated_template_without_migrate_to_names_its_targets(graph):
    with pytest.raises(InputError) as raised:
        plan_intent(graph, parse_intent_inputs(params(template_id=OLD_BASELINE)))
    message = str(raised.value)
    assert raised.value.field == 'migrate_to'
    assert 'deprecated' in message
    assert NEW_BASELINE in message and NEWER_BASELINE in message and "version '3'" in message
    assert graph.writes() == []


def test_deprecated_template_by_name_when_every_version_is_deprecated(graph):
    graph.add_template(UNKNOWN, 'Legacy', deprecated=True, migratable_to=[BITLOCKER])
    # Found (a profile on it can be managed), but nothing can be created from it.
    assert resolve_template(graph, template_name='legacy').source_template['id'] == UNKNOWN
    with pytest.raises(InputError, match="BitLocker"):
        plan_intent(graph, parse_intent_inputs(params(template_id=None, template_name='legacy')))
    assert graph.writes() == []


def test_deprecated_template_is_fine_for_absent(graph):
    choice = resolve_template(graph, template_id=OLD_BASELINE, state='absent')
    assert choice.effective_template['id'] == OLD_BASELINE


def test_migrate_to_must_be_a_migration_target(graph):
    with pytest.raises(InputError) as raised:
        resolve_template(graph, template_id=OLD_BASELINE, migrate_to=BITLOCKER)
    message = str(raised.value)
    assert raised.value.field == 'migrate_to'
    for text in (NEW_BASELINE, NEWER_BASELINE, "'MDM Security Baseline'", "version '2'"):
        assert text in message


def test_migrate_to_makes_the_target_effective(graph):
    choice = resolve_template(graph, template_id=OLD_BASELINE, migrate_to=NEWER_BASELINE.upper())
    assert choice.source_template['id'] == OLD_BASELINE
    assert choice.effective_template['id'] == NEWER_BASELINE
    assert choice.create_instance_path == (
        'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (OLD_BASELINE, NEWER_BASELINE))


def test_migrate_to_a_deprecated_target_is_refused(graph):
    graph.templates[NEW_BASELINE]['isDeprecated'] = True
    with pytest.raises(InputError, match='deprecated as well'):
        resolve_template(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE)
