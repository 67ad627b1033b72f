# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding the intent a task means: display name + effective template, whatever the name holds and however
Graph pages or refuses the filter. A lookup that misses creates a duplicate; one that guesses overwrites the wrong
intent. Both would show in the emulator's state, so every test checks it.
"""

import itertools

import pytest

from graph_emulator.seed import (ANTIVIRUS_TEMPLATE_ID, BITLOCKER_TEMPLATE_ID, EDGE_BASELINE_ID, FIREWALL_TEMPLATE_ID,
                                 MDE_BASELINE_ID, WINDOWS_BASELINE_ID, WINDOWS_BASELINE_OLD_ID)

from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
OTHER_TEMPLATES = [ANTIVIRUS_TEMPLATE_ID, EDGE_BASELINE_ID, FIREWALL_TEMPLATE_ID, MDE_BASELINE_ID, WINDOWS_BASELINE_ID,
                   WINDOWS_BASELINE_OLD_ID]
CREATE_PATH = 'deviceManagement/templates/%s/createInstance' % BITLOCKER_TEMPLATE_ID
INTENTS = 'deviceManagement/intents'

# Each breaks a naive URL or OData literal: quotes, non-ASCII, query separators, brackets, '+' (a space in forms),
# '%' followed by hex digits (a second decoding would change it).
AWKWARD_NAMES = [
    "O'Brien's ''quoted'' profile",
    'Zürich – 東京 ✓ Ωmega',
    'R&D=1 & Ops',
    '#1 baseline #tag',
    '[Prod] (Tier 0) {edge}',
    'C++ a+b',
    '100% done %20 %2B',
]


def bitlocker(display_name, **args):
    task = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': display_name,
            'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': False}]}
    task.update(args)
    return task


def named(graph, display_name, template_id=BITLOCKER_TEMPLATE_ID):
    return [i for i in graph.control.intents() if i['displayName'] == display_name and i['templateId'] == template_id]


def odata_literal(text):
    return "'%s'" % text.replace("'", "''")


def test_awkward_names_are_created_once_and_found_again(intune, graph, graph_log):
    loop = {'loop': AWKWARD_NAMES}

    created = intune.run(args=bitlocker('{{ item }}'), task=loop)

    assert [item['changed'] for item in created.result['results']] == [True] * len(AWKWARD_NAMES), created
    assert sorted(i['displayName'] for i in graph.control.intents()) == sorted(AWKWARD_NAMES)
    creates = graph_log.writes()
    assert [(e['method'], e['path']) for e in creates] == [('POST', CREATE_PATH)] * len(AWKWARD_NAMES)
    assert [e['body']['displayName'] for e in creates] == AWKWARD_NAMES
    filters = [e['query'] for e in graph_log.calls('GET', INTENTS)]
    # Each name is looked up before its create and once more after it, with the copies' settings (a copy made
    # concurrently is settled; the created intent's settings come with it). The template's profiles are listed for
    # near-miss names once for the loop: its items share one client in the worker process, which adds its own creates
    # to the list.
    near_miss_scan = {'$filter': "templateId eq '%s'" % BITLOCKER_TEMPLATE_ID}
    assert filters == [query for index, name in enumerate(AWKWARD_NAMES) for query in (
        [{'$filter': 'displayName eq ' + odata_literal(name)}] + ([near_miss_scan] if index == 0 else [])
        + [{'$filter': 'displayName eq ' + odata_literal(name), '$expand': 'settings'}])]

    graph_log.clear()
    rerun = intune.run(args=bitlocker('{{ item }}'), task=loop)

    assert [item['changed'] for item in rerun.result['results']] == [False] * len(AWKWARD_NAMES), rerun
    assert not any(item.get('failed') for item in rerun.result['results']), rerun
    assert graph_log.writes() == []
    assert len(graph.control.intents()) == len(AWKWARD_NAMES)
    assert [item['intent']['displayName'] for item in rerun.result['results']] == AWKWARD_NAMES


def test_paged_results_are_read_to_the_last_page(intune, graph, graph_log):
    # 59 intents with the same name on the other templates: the filter matches them all, the template does not.
    for template_id in itertools.islice(itertools.cycle(OTHER_TEMPLATES), 59):
        graph.control.seed_intent('Paged profile', template_id)
    graph.control.config(page_size=5)

    created = intune.run(args=bitlocker('Paged profile'))

    assert created.changed and created.result['actions'] == ['create'], created
    pages = [page for page in graph_log.calls('GET', INTENTS) if page['query']['$filter'].startswith('displayName')]
    # 12 pages before the create (59 others) and 12 after it (the lookup for a concurrent copy finds the 60th).
    assert len(pages) == 24 and '$skiptoken' in pages[11]['query'] and '$skiptoken' in pages[-1]['query'], pages
    assert all(page['query']['$filter'] == "displayName eq 'Paged profile'" for page in pages)
    # Besides, one page of the template's own profiles (none yet), scanned for near-miss names.
    assert len(graph_log.calls('GET', INTENTS)) == 25
    assert [(e['method'], e['path']) for e in graph_log.writes()] == [('POST', CREATE_PATH)]
    [mine] = named(graph, 'Paged profile')
    assert graph.control.intents()[-1]['id'] == mine['id']

    graph_log.clear()
    rerun = intune.run(args=bitlocker('Paged profile'))

    # The created intent is the 60th: alone on the last page, found there.
    assert not rerun.changed and not rerun.failed, rerun
    assert rerun.result['intent']['id'] == mine['id']
    assert len(graph_log.calls('GET', INTENTS)) == 12
    assert graph_log.writes() == []
    assert len(named(graph, 'Paged profile')) == 1 and len(graph.control.intents()) == 60


@pytest.mark.parametrize('refusal', ['400', '500'])
def test_refused_filter_falls_back_to_the_full_list(intune, graph, graph_log, refusal):
    graph.control.seed_intent('Refused filter', ANTIVIRUS_TEMPLATE_ID)
    graph.control.seed_intent('Another profile', BITLOCKER_TEMPLATE_ID)
    graph.control.config(filter_failure=refusal)

    created = intune.run(args=bitlocker('Refused filter'))

    assert created.changed and not created.failed, created
    assert any('HTTP %s' % refusal in warning and 'matched locally' in warning for warning in created.warnings), created
    lists = [(e['query'], e['status']) for e in graph_log.calls('GET', INTENTS)]
    # Before the create and for the near-miss scan: refused, then the full list. After it (the lookup for a concurrent
    # copy) the name filter that Graph refused is not sent again: the full list straight away.
    name, template = "displayName eq 'Refused filter'", "templateId eq '%s'" % BITLOCKER_TEMPLATE_ID
    assert lists == [({'$filter': name}, int(refusal)), ({}, 200), ({'$filter': template}, int(refusal)), ({}, 200),
                     ({}, 200)]
    assert [(e['method'], e['path']) for e in graph_log.writes()] == [('POST', CREATE_PATH)]

    graph_log.clear()
    rerun = intune.run(args=bitlocker('Refused filter'))

    assert not rerun.changed and not rerun.failed, rerun
    assert any('HTTP %s' % refusal in warning for warning in rerun.warnings), rerun
    assert graph_log.writes() == []
    assert len(named(graph, 'Refused filter')) == 1
    assert len(named(graph, 'Refused filter', ANTIVIRUS_TEMPLATE_ID)) == 1


def test_duplicates_fail_naming_both_and_nothing_is_written(intune, graph, graph_log):
    first = graph.control.seed_intent('Twin profile', BITLOCKER_TEMPLATE_ID)
    second = graph.control.seed_intent('Twin profile', BITLOCKER_TEMPLATE_ID)
    elsewhere = graph.control.seed_intent('Twin profile', ANTIVIRUS_TEMPLATE_ID)
    before = graph.control.intents()

    run = intune.run(args=bitlocker('Twin profile', description='changed', role_scope_tag_ids=['7']))

    message = assert_clean_failure(run, '2 intents', first['id'], second['id'], 'nothing was changed')
    assert elsewhere['id'] not in message
    assert graph_log.writes() == []
    assert graph.control.intents() == before


def test_intent_migrating_to_settings_catalog_gives_a_warning(intune, graph, graph_log):
    seeded = graph.control.seed_intent('Migrating profile', BITLOCKER_TEMPLATE_ID, settings={ENCRYPT_DEVICE: False})
    # The control interface has no switch for this flag; the in-process store is the only way to raise it.
    graph.store.update_intent(seeded['id'], lambda intent: intent.update(isMigratingToConfigurationPolicy=True))

    run = intune.run(args=bitlocker('Migrating profile'))

    assert not run.changed and not run.failed, run
    assert any(seeded['id'] in warning and 'settings catalog' in warning for warning in run.warnings), run
    assert graph_log.writes() == []
