# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""What one run can reuse from earlier runs: a private cache directory, msal's token cache, Graph data.

Every task of a playbook is its own process on the module path, so without this each task would ask for a new
token (plus msal's OIDC discovery) and read its template and setting definitions again. The cache is best effort:
a directory or file that cannot be used safely is ignored (the directory with one warning), never modified, and
never a reason to fail the task; content that does not parse is ignored and fetched again.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import hashlib
import json
import math
import os
import stat
import time
import uuid

from urllib.parse import urlsplit

CACHE_DIR_ENV = 'MSGRAPH_INTUNE_CACHE_DIR'
CACHE_DIR_NAME = 'msgraph.intune'
FORMAT_VERSION = 1
# msal itself refreshes an access token that expires within five minutes; a reused token keeps that margin so that
# a long task (retries, paging) never sends one that expires on the way.
TOKEN_EXPIRY_MARGIN = 300
NOFOLLOW = getattr(os, 'O_NOFOLLOW', 0)
DIRECTORY = getattr(os, 'O_DIRECTORY', 0)


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


def load_cached_json(text):
    """The JSON of a cache entry, or None when it is not JSON that can be read (corrupted, or hostile)."""
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None


def finite_number(value):
    """``value`` as a finite float, or None (a cache entry with Infinity or text in a number field is ignored)."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


class FileStore(object):
    """Text entries as files in one directory of the current user; files are 0600.

    The directory is opened once, without following a symlink, and every entry is read and written relative to that
    open directory, so that the directory cannot be swapped for another one afterwards. Writes go to a temporary
    file renamed over the entry, so concurrent runs (forks) read either the old or the new content, never a torn
    one; the last writer wins. Reads ignore entries that are missing, symlinks, not owned by this user or readable
    by others.
    """

    def __init__(self, directory, directory_fd):
        self.directory = directory
        self._fd = directory_fd

    @classmethod
    def open(cls, directory, problems=None):
        """A FileStore on ``directory``, or None when it cannot be used safely (why is added to ``problems``).

        A missing directory is created with mode 0700. An existing one is used only when it is a directory (not a
        symlink), owned by this user and writable by no one else; it is never changed (no chmod).
        """
        store, problem = cls._open(directory)
        if problem and problems is not None:
            problems.append(problem)
        return store

    @classmethod
    def _open(cls, directory):
        try:
            os.makedirs(os.path.dirname(os.path.abspath(directory)), exist_ok=True)
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            return None, 'it cannot be created: %s' % (exc.strerror or exc)
        try:
            if stat.S_ISLNK(os.lstat(directory).st_mode):
                return None, 'it is a symbolic link'
            fd = os.open(directory, os.O_RDONLY | DIRECTORY | NOFOLLOW)
        except OSError as exc:
            return None, 'it cannot be opened: %s' % (exc.strerror or exc)
        info = os.fstat(fd)
        problem = None
        if not stat.S_ISDIR(info.st_mode):
            problem = 'it is not a directory'
        elif info.st_uid != os.getuid():
            problem = 'it belongs to another user (uid %d)' % info.st_uid
        elif stat.S_IMODE(info.st_mode) & 0o022:
            problem = 'other users can write to it (mode %04o)' % stat.S_IMODE(info.st_mode)
        if problem:
            os.close(fd)
            return None, problem
        return cls(directory, fd), None

    def read(self, name):
        try:
            fd = os.open(name, os.O_RDONLY | NOFOLLOW, dir_fd=self._fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
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
        temporary = '.%s.%s' % (name, uuid.uuid4().hex)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600, dir_fd=self._fd)
        except OSError:
            return False
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(text.encode('utf-8'))
            os.replace(temporary, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
            return True
        except OSError:
            try:
                os.unlink(temporary, dir_fd=self._fd)
            except OSError:
                pass
            return False


class TokenCacheFile(object):
    """msal's serialized token cache for one app and credential, as one FileStore entry.

    The entry name is a digest of authority host, tenant, client, scope and a fingerprint (sha256) of the credential,
    so a changed secret starts a new entry; a token inside is used only when its own authority host, tenant, client
    and scope match the run as well. msal's cache holds tokens only, never the credential.
    """

    def __init__(self, store, authority_host, tenant_id, client_id, scope, credential_fingerprint):
        self.store = store
        self.authority = (urlsplit(authority_host).hostname or '').lower()
        self.tenant_id = (tenant_id or '').lower()
        self.client_id = client_id
        self.scope = scope
        self.name = 'token-%s.json' % digest('token', authority_host, tenant_id, client_id, scope, credential_fingerprint)

    def serialized(self):
        """msal's serialized cache (text), or None."""
        return self.store.read(self.name)

    def save(self, serialized):
        self.store.write(self.name, serialized)

    def access_token(self, now=None):
        """A cached access token for this run valid for TOKEN_EXPIRY_MARGIN more seconds, else None.

        Read straight from msal's documented cache layout, so that a run holding a valid token neither imports
        msal nor builds an application (which would fetch the OIDC configuration).
        """
        document = load_cached_json(self.serialized())
        entries = document.get('AccessToken') if isinstance(document, dict) else None
        if not isinstance(entries, dict):
            return None
        now = time.time() if now is None else now
        for entry in entries.values():
            if not isinstance(entry, dict) or not self._matches(entry):
                continue
            secret, expires_on = entry.get('secret'), finite_number(entry.get('expires_on'))
            if isinstance(secret, str) and secret and expires_on is not None and expires_on - now > TOKEN_EXPIRY_MARGIN:
                return secret
        return None

    def _matches(self, entry):
        scopes = set(str(entry.get('target') or '').lower().split())
        return (entry.get('client_id') == self.client_id and self.scope.lower() in scopes
                and str(entry.get('environment') or '').lower() == self.authority
                and str(entry.get('realm') or '').lower() == self.tenant_id)


class GraphCache(object):
    """Graph data that does not change for a given id: kept for the run, and across runs when there is a store.

    Entries are keyed by Graph endpoint, kind and key. Callers choose ``max_age`` per kind (None: no expiry) and may
    say which values are not worth keeping (``keep``: an empty answer, say). Values are JSON data; each get returns
    a private copy.
    """

    def __init__(self, graph_endpoint, store=None, clock=time.time):
        self.graph_endpoint = graph_endpoint.rstrip('/')
        self.store = store
        self.clock = clock
        self._memory = {}

    def get_or_fetch(self, kind, key, fetch, max_age=None, keep=None, fresh=False):
        """The cached value of (kind, key) not older than max_age seconds, else ``fetch()``, stored for next time
        unless ``keep(value)`` is false. ``fresh`` fetches whatever is cached."""
        entry = None if fresh else (self._memory.get((kind, key)) or self._read(kind, key))
        now = self.clock()
        # An entry stored in the future (a clock set back, or a planted file) is as good as expired.
        if entry is None or entry['stored_at'] > now + 60 or (max_age is not None and now - entry['stored_at'] > max_age):
            entry = {'stored_at': self.clock(), 'value': fetch()}
            if keep is not None and not keep(entry['value']):
                self._memory.pop((kind, key), None)
                return copy.deepcopy(entry['value'])
            self._write(kind, key, entry)
        self._memory[(kind, key)] = entry
        return copy.deepcopy(entry['value'])

    def _name(self, kind, key):
        return 'graph-%s.json' % digest('graph', self.graph_endpoint, kind, key)

    def _read(self, kind, key):
        if self.store is None:
            return None
        document = load_cached_json(self.store.read(self._name(kind, key)))
        if not isinstance(document, dict) or document.get('version') != FORMAT_VERSION:
            return None
        stored_at = finite_number(document.get('stored_at'))
        if document.get('key') != [self.graph_endpoint, kind, key] or stored_at is None or 'value' not in document:
            return None  # corrupted: fetched again and rewritten
        return {'stored_at': stored_at, 'value': document['value']}

    def _write(self, kind, key, entry):
        if self.store is None:
            return
        document = {'version': FORMAT_VERSION, 'key': [self.graph_endpoint, kind, key], 'stored_at': entry['stored_at'],
                    'value': entry['value']}
        self.store.write(self._name(kind, key), json.dumps(document, separators=(',', ':')))
