# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""What one module run can reuse from earlier runs: a private cache directory, msal's token cache, Graph data.

Every task of a playbook is its own process, so without this each task would ask for a new token (plus msal's
OIDC discovery) and read its template and setting definitions again. The cache is best effort: a directory or file
that cannot be used is ignored, never a reason to fail the task.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import errno
import hashlib
import json
import os
import stat
import tempfile
import time

CACHE_DIR_ENV = 'MSGRAPH_INTUNE_CACHE_DIR'
CACHE_DIR_NAME = 'msgraph.intune'
FORMAT_VERSION = 1
# msal itself refreshes an access token that expires within five minutes; a reused token keeps that margin so that
# a long task (retries, paging) never sends one that expires on the way.
TOKEN_EXPIRY_MARGIN = 300


def cache_directory(environ):
    """MSGRAPH_INTUNE_CACHE_DIR, else $XDG_CACHE_HOME/msgraph.intune, else ~/.cache/msgraph.intune."""
    explicit = environ.get(CACHE_DIR_ENV)
    if explicit:
        return os.path.expanduser(explicit)
    base = environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, CACHE_DIR_NAME)


def digest(*parts):
    """sha256 hex of the parts: names cache entries, and fingerprints credentials without storing them."""
    return hashlib.sha256(json.dumps(parts, separators=(',', ':')).encode('utf-8')).hexdigest()


class FileStore(object):
    """Text entries as files in one directory of the current user: directory 0700, files 0600.

    Writes go to a temporary file renamed over the entry, so concurrent runs (forks) read either the old or the new
    content, never a torn one; the last writer wins. Reads ignore entries that are missing, unreadable, not owned by
    this user or readable by others.
    """

    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def open(cls, directory):
        """A FileStore on directory (created 0700), or None when it cannot be used privately."""
        try:
            os.makedirs(directory, mode=0o700)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                return None
        try:
            info = os.stat(directory)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return None
            if stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(directory, 0o700)
        except OSError:
            return None
        return cls(directory)

    def _path(self, name):
        return os.path.join(self.directory, name)

    def read(self, name):
        try:
            fd = os.open(self._path(name), os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
                return None
            with os.fdopen(fd, 'rb') as handle:
                fd = None
                return handle.read().decode('utf-8')
        except (OSError, UnicodeDecodeError):
            return None
        finally:
            if fd is not None:
                os.close(fd)

    def write(self, name, text):
        """Replace the entry atomically; False when it could not be written."""
        try:
            fd, temporary = tempfile.mkstemp(prefix='.%s.' % name, dir=self.directory)  # mode 0600
        except OSError:
            return False
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(text.encode('utf-8'))
            os.replace(temporary, self._path(name))
            return True
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            return False


class TokenCacheFile(object):
    """msal's serialized token cache for one app and credential, as one FileStore entry.

    The entry name is a digest of authority host, tenant, client, scope and a fingerprint (sha256) of the credential,
    so a token is never used for another tenant, client, authority, scope or credential, and a changed secret starts
    a new entry. msal's cache holds tokens only, never the credential.
    """

    def __init__(self, store, authority_host, tenant_id, client_id, scope, credential_fingerprint):
        self.store = store
        self.client_id = client_id
        self.scope = scope
        self.name = 'token-%s.json' % digest('token', authority_host, tenant_id, client_id, scope, credential_fingerprint)

    def serialized(self):
        """msal's serialized cache (text), or None."""
        return self.store.read(self.name)

    def save(self, serialized):
        self.store.write(self.name, serialized)

    def access_token(self, now=None):
        """A cached access token for this client and scope valid for TOKEN_EXPIRY_MARGIN more seconds, else None.

        Read straight from msal's documented cache layout, so that a run holding a valid token neither imports
        msal nor builds an application (which would fetch the OIDC configuration).
        """
        text = self.serialized()
        if not text:
            return None
        try:
            entries = json.loads(text).get('AccessToken') or {}
            now = time.time() if now is None else now
            for entry in entries.values():
                scopes = set((entry.get('target') or '').lower().split())
                if (entry.get('client_id') == self.client_id and self.scope.lower() in scopes and entry.get('secret')
                        and int(entry.get('expires_on')) - now > TOKEN_EXPIRY_MARGIN):
                    return entry['secret']
        except (AttributeError, TypeError, ValueError):
            pass  # a corrupted entry: the next token acquired replaces it
        return None


class GraphCache(object):
    """Graph data that does not change for a given id: kept for the run, and across runs when there is a store.

    Entries are keyed by Graph endpoint, kind and key. Callers choose ``max_age`` per kind (None: no expiry).
    Values are JSON data; each get returns a private copy.
    """

    def __init__(self, graph_endpoint, store=None, clock=time.time):
        self.graph_endpoint = graph_endpoint.rstrip('/')
        self.store = store
        self.clock = clock
        self._memory = {}

    def get_or_fetch(self, kind, key, fetch, max_age=None):
        """The cached value of (kind, key) not older than max_age seconds, else ``fetch()`` stored for next time."""
        entry = self._memory.get((kind, key)) or self._read(kind, key)
        if entry is None or (max_age is not None and self.clock() - entry['stored_at'] > max_age):
            entry = {'stored_at': self.clock(), 'value': fetch()}
            self._write(kind, key, entry)
        self._memory[(kind, key)] = entry
        return copy.deepcopy(entry['value'])

    def _name(self, kind, key):
        return 'graph-%s.json' % digest('graph', self.graph_endpoint, kind, key)

    def _read(self, kind, key):
        if self.store is None:
            return None
        text = self.store.read(self._name(kind, key))
        if text is None:
            return None
        try:
            document = json.loads(text)
            if document.get('version') == FORMAT_VERSION and document.get('key') == [self.graph_endpoint, kind, key]:
                return {'stored_at': float(document['stored_at']), 'value': document['value']}
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # corrupted: fetched again and rewritten
        return None

    def _write(self, kind, key, entry):
        if self.store is None:
            return
        document = {'version': FORMAT_VERSION, 'key': [self.graph_endpoint, kind, key], 'stored_at': entry['stored_at'],
                    'value': entry['value']}
        self.store.write(self._name(kind, key), json.dumps(document, separators=(',', ':')))
