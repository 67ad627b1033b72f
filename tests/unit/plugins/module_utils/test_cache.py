# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._cache import (
    CACHE_DIR_ENV,
    FileStore,
    GraphCache,
    TokenCacheFile,
    cache_directory,
)

CLIENT = '00000000-0000-0000-0000-00000000bbbb'
SCOPE = 'https://127.0.0.1:8444/.default'
NOW = 1800000000


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def store(tmp_path):
    return FileStore.open(str(tmp_path / 'cache'))


# --- directory -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('environ, expected', [
    ({CACHE_DIR_ENV: '/explicit', 'XDG_CACHE_HOME': '/xdg'}, '/explicit'),
    ({'XDG_CACHE_HOME': '/xdg'}, '/xdg/msgraph.intune'),
    ({}, os.path.join(os.path.expanduser('~'), '.cache', 'msgraph.intune')),
])
def test_cache_directory_precedence(environ, expected):
    assert cache_directory(environ) == expected


@pytest.mark.reliability('fault', 'Cache directory: created 0700 when missing; one that is group/world-writable, '
                                  'owned by another user or a symlink is not used (one warning) and never modified')
def test_store_directory_is_created_private_and_an_unsafe_one_is_left_alone(tmp_path):
    assert mode(FileStore.open(str(tmp_path / 'new')).directory) == 0o700
    readable = tmp_path / 'readable'
    readable.mkdir()
    os.chmod(str(readable), 0o755)
    assert FileStore.open(str(readable)) is not None and mode(str(readable)) == 0o755
    shared = tmp_path / 'shared'
    shared.mkdir()
    os.chmod(str(shared), 0o777)
    problems = []
    assert FileStore.open(str(shared), problems) is None
    assert mode(str(shared)) == 0o777 and problems == ['other users can write to it (mode 0777)']


def test_a_symlinked_cache_directory_is_not_followed_nor_changed(tmp_path):
    target = tmp_path / 'target'
    target.mkdir()
    os.chmod(str(target), 0o755)
    link = tmp_path / 'link'
    link.symlink_to(target)
    problems = []
    assert FileStore.open(str(link), problems) is None
    assert problems == ['it is a symbolic link']
    assert mode(str(target)) == 0o755 and os.listdir(str(target)) == []


def test_a_directory_of_another_user_is_not_used(tmp_path):
    if os.getuid() != 0:
        pytest.skip('only root can give a directory to another user')
    other = tmp_path / 'other'
    other.mkdir(mode=0o700)
    os.chown(str(other), 65534, 65534)
    problems = []
    assert FileStore.open(str(other), problems) is None and 'another user' in problems[0]


def test_an_entry_that_is_a_symlink_is_ignored(store, tmp_path):
    outside = tmp_path / 'outside.json'
    outside.write_text('planted')
    os.chmod(str(outside), 0o600)
    os.symlink(str(outside), os.path.join(store.directory, 'entry.json'))
    assert store.read('entry.json') is None
    assert store.write('entry.json', 'mine') and store.read('entry.json') == 'mine'
    assert outside.read_text() == 'planted'


def test_a_file_where_the_directory_should_be_disables_the_store(tmp_path):
    path = tmp_path / 'not-a-directory'
    path.write_text('x')
    assert FileStore.open(str(path)) is None


def test_entries_are_written_0600_atomically(store):
    assert store.write('entry.json', 'one')
    assert store.write('entry.json', 'two')
    assert store.read('entry.json') == 'two'
    assert os.listdir(store.directory) == ['entry.json']  # no temporary file left behind
    assert mode(os.path.join(store.directory, 'entry.json')) == 0o600


def test_entries_readable_by_others_or_missing_are_ignored(store):
    store.write('entry.json', 'text')
    os.chmod(os.path.join(store.directory, 'entry.json'), 0o644)
    assert store.read('entry.json') is None
    assert store.read('missing.json') is None


# --- token cache file ------------------------------------------------------------------------------------------

def msal_cache(*entries):
    """msal's serialized layout, as SerializableTokenCache.serialize() writes it."""
    return json.dumps({'AccessToken': dict(('key-%d' % index, entry) for index, entry in enumerate(entries))})


def access_token_entry(secret='cached-token', client_id=CLIENT, target=SCOPE, expires_in=3600):
    return {'credential_type': 'AccessToken', 'secret': secret, 'client_id': client_id, 'target': target,
            'expires_on': str(NOW + expires_in), 'environment': '127.0.0.1', 'realm': 'tenant'}


def token_file(store, fingerprint='fingerprint-a', client_id=CLIENT):
    return TokenCacheFile(store, 'https://127.0.0.1:8443', 'tenant', client_id, SCOPE, fingerprint)


def test_cached_token_is_returned_while_valid_for_five_more_minutes(store):
    token_file(store).save(msal_cache(access_token_entry(expires_in=301)))
    assert token_file(store).access_token(now=NOW) == 'cached-token'
    assert token_file(store).access_token(now=NOW + 2) is None


@pytest.mark.parametrize('entry', [
    access_token_entry(client_id='another-client'),
    access_token_entry(target='https://graph.microsoft.com/.default'),
    access_token_entry(secret=''),
    access_token_entry(expires_in=-10),
    dict(access_token_entry(), environment='login.microsoftonline.com'),
    dict(access_token_entry(), realm='another-tenant'),
], ids=['other_client', 'other_scope', 'no_token', 'expired', 'other_authority', 'other_tenant'])
@pytest.mark.reliability('fault', 'A cached token is trusted only when its authority, tenant, client and scope '
                                  'match the run')
def test_unusable_entries_give_no_token(store, entry):
    token_file(store).save(msal_cache(entry))
    assert token_file(store).access_token(now=NOW) is None


@pytest.mark.parametrize('content', ['', 'not json', '[]', '{"AccessToken": {"k": {"expires_on": "soon", "secret": "x"}}}',
                                     '{"AccessToken": {"k": null}}', '[' * 100000 + ']' * 100000,
                                     json.dumps({'AccessToken': {'k': dict(access_token_entry(), expires_on='Infinity')}}),
                                     '{"AccessToken": {"k": {"expires_on": Infinity, "secret": "x"}}}'])
@pytest.mark.reliability('fault', 'A token cache file with "expires_on": Infinity, deep nesting or other garbage is '
                                  'ignored: no token from it, never a traceback')
def test_corrupted_token_cache_gives_no_token(store, content):
    store.write(token_file(store).name, content)
    assert token_file(store).access_token(now=NOW) is None


def test_every_key_part_names_another_entry(store):
    names = set([token_file(store).name, token_file(store, fingerprint='fingerprint-b').name,
                 token_file(store, client_id='other').name,
                 TokenCacheFile(store, 'https://login.microsoftonline.us', 'tenant', CLIENT, SCOPE, 'fingerprint-a').name,
                 TokenCacheFile(store, 'https://127.0.0.1:8443', 'other', CLIENT, SCOPE, 'fingerprint-a').name,
                 TokenCacheFile(store, 'https://127.0.0.1:8443', 'tenant', CLIENT, 'x/.default', 'fingerprint-a').name])
    assert len(names) == 6
    assert all('fingerprint' not in name for name in names)


# --- Graph cache -----------------------------------------------------------------------------------------------

class Fetch(object):
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {'version': self.calls}


class Clock(object):
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def test_memory_only_cache_fetches_once_per_key_and_returns_copies():
    cache, fetch = GraphCache('https://graph.example/beta'), Fetch()
    first = cache.get_or_fetch('template', 'a', fetch)
    first['version'] = 'changed by the caller'
    assert cache.get_or_fetch('template', 'a', fetch) == {'version': 1}
    cache.get_or_fetch('template', 'b', fetch)
    assert fetch.calls == 2


def test_store_carries_values_to_the_next_run_and_max_age_expires_them(store):
    clock, fetch = Clock(), Fetch()
    GraphCache('https://graph.example/beta', store, clock).get_or_fetch('template', 'a', fetch, max_age=60)
    clock.now += 60
    assert GraphCache('https://graph.example/beta', store, clock).get_or_fetch('template', 'a', fetch, max_age=60) == {'version': 1}
    clock.now += 1
    next_run = GraphCache('https://graph.example/beta', store, clock)
    assert next_run.get_or_fetch('template', 'a', fetch, max_age=60) == {'version': 2}
    assert next_run.get_or_fetch('template', 'a', fetch) == {'version': 2}
    assert fetch.calls == 2


def test_entries_of_another_graph_endpoint_are_not_shared(store):
    fetch = Fetch()
    GraphCache('https://graph.microsoft.com/beta', store).get_or_fetch('definitions', 'a', fetch)
    GraphCache('https://graph.microsoft.us/beta', store).get_or_fetch('definitions', 'a', fetch)
    assert fetch.calls == 2


def test_corrupted_graph_entry_is_fetched_again_and_rewritten(store):
    fetch = Fetch()
    GraphCache('https://graph.example/beta', store).get_or_fetch('definitions', 'a', fetch)
    (name,) = os.listdir(store.directory)
    store.write(name, '{"version": 1, "key": ')
    assert GraphCache('https://graph.example/beta', store).get_or_fetch('definitions', 'a', fetch) == {'version': 2}
    assert GraphCache('https://graph.example/beta', store).get_or_fetch('definitions', 'a', fetch) == {'version': 2}
    assert fetch.calls == 2


@pytest.mark.parametrize('stored_at', ['Infinity', '1e300', 'NaN', 'soon'])
def test_a_graph_entry_stored_at_no_time_or_in_the_future_is_fetched_again(store, stored_at):
    fetch = Fetch()
    GraphCache('https://graph.example/beta', store).get_or_fetch('template', 'a', fetch, max_age=60)
    (name,) = os.listdir(store.directory)
    document = json.loads(store.read(name))
    store.write(name, json.dumps(document).replace('"stored_at": %s' % json.dumps(document['stored_at']),
                                                   '"stored_at": %s' % (stored_at if stored_at != 'soon' else '"soon"')))
    assert GraphCache('https://graph.example/beta', store).get_or_fetch('template', 'a', fetch, max_age=60) == {'version': 2}


def test_values_not_worth_keeping_are_returned_but_not_stored(store):
    calls = []

    def fetch():
        calls.append(1)
        return {} if len(calls) == 1 else {'definition': 1}

    cache = GraphCache('https://graph.example/beta', store)
    assert cache.get_or_fetch('definitions', 'a', fetch, keep=bool) == {}
    assert os.listdir(store.directory) == []
    assert cache.get_or_fetch('definitions', 'a', fetch, keep=bool) == {'definition': 1}
    assert GraphCache('https://graph.example/beta', store).get_or_fetch('definitions', 'a', fetch, keep=bool) == {'definition': 1}
    assert len(calls) == 2


def test_fresh_fetches_past_the_cache_and_stores_the_new_value(store):
    fetch = Fetch()
    cache = GraphCache('https://graph.example/beta', store)
    cache.get_or_fetch('definitions', 'a', fetch)
    assert cache.get_or_fetch('definitions', 'a', fetch, fresh=True) == {'version': 2}
    assert GraphCache('https://graph.example/beta', store).get_or_fetch('definitions', 'a', fetch) == {'version': 2}
