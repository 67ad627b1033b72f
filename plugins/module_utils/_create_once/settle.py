# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Settling a create against the copies that concurrent runs made of the same object (same name and template).

Every run applies one rule to what it sees, so that runs converge whatever the order of their creates and lookups:
the copy created first is kept. A copy's creation time is what CreateTarget.created_at gives (for an intent,
which has no createdDateTime, its lastModifiedDateTime, its creation time until the copy is changed); for this
run's own copy, the one in the create's answer. Equal times fall back to the id. A run deletes only its own copy,
when it is not the first, and then adopts the first; a younger copy is left to the run that made it, which applies
the same rule after its own create and so sees the older copy. docs/reliability.md lists what this covers and what
not.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._odata import datetime_offset

# Before a run changes the copy it just created (assignments, or the options of an adopted copy), it looks once more
# after this delay: its changes move the copy's lastModifiedDateTime, after which a racing run would take the copy
# for a younger one.
SETTLE_RECHECK_SECONDS = 2.0
LATEST = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)


class CreateOutcome(object):
    """The object this run keeps after creating, and what the create step wrote.

    ``actions`` holds ``create`` and, when this run's copy lost to an older one, ``delete_own_copy``. ``adopted`` is
    true when the kept object may be another run's copy: this run's own options must still be applied to it.
    """

    def __init__(self, entity, actions, adopted=False):
        self.entity = entity
        self.actions = actions
        self.adopted = adopted


def creation_key(target, entity, created_at=None):
    """The rule's order: creation time (``created_at`` when known, else the target's), then the id."""
    when = datetime_offset(created_at or target.created_at(entity)) or LATEST
    return when, str(entity.get('id') or '').lower()


def settle_created(client, target, created, recheck=False):
    """The outcome after this run's create answered with ``created``.

    ``recheck``: the caller changes the kept copy afterwards, so a run that saw no other copy looks once more after
    SETTLE_RECHECK_SECONDS before it does.
    """
    own_id = str(created['id']).lower()
    own_key = creation_key(target, created)
    copies = _copies_with(client, target, created)
    if copies is None:
        return CreateOutcome(created, ['create'])
    if len(copies) == 1 and recheck and target.creation_time_moves:
        client.pause(SETTLE_RECHECK_SECONDS)
        copies = _copies_with(client, target, created) or copies
    first_id = min(copies, key=lambda entity_id: own_key if entity_id == own_id else creation_key(target, copies[entity_id]))
    others = ', '.join(sorted(entity_id for entity_id in copies if entity_id != own_id))
    if first_id == own_id:
        if others:
            _warn_kept_own(target, len(copies), created['id'], others)
        return CreateOutcome(_with_listed_expansion(target, created, copies[own_id]), ['create'])
    target.delete(client, created['id'])
    kept = copies[first_id]
    _warn_adopted(target, kept.get('id'), created['id'])
    return CreateOutcome(kept, ['create', 'delete_own_copy'], adopted=True)


def settle_unknown(client, target, copies, possibly_own):
    """The outcome after a create whose answer was lost, when the lookups found ``copies``.

    ``possibly_own(copy)`` tells whether a copy was created after this run's create was sent: such a copy is taken
    for this run's own. Only an unambiguous own copy is ever deleted.
    """
    first = min(copies, key=lambda entity: creation_key(target, entity))
    own = [entity for entity in copies if possibly_own(entity)]
    others = ', '.join(sorted(str(entity.get('id')) for entity in copies if entity is not first))
    if len(own) == 1 and own[0] is first:
        if others:
            _warn_kept_own(target, len(copies), first.get('id'), others)
        return CreateOutcome(first, ['create'])
    if len(own) == 1:
        target.delete(client, own[0]['id'])
        _warn_adopted(target, first.get('id'), own[0]['id'])
        return CreateOutcome(first, ['create', 'delete_own_copy'], adopted=True)
    if len(copies) > 1:
        target.warnings.add('%d %s named %r on %s exist after a %s whose answer was lost, and none is certainly this '
                            'run\'s: this run kept %s (created first), applied its options to it, and deleted nothing; '
                            'the others: %s' % (len(copies), target.plural, target.name, target.scope, target.request,
                                                first.get('id'), others))
    return CreateOutcome(first, ['create'], adopted=True)


def _warn_kept_own(target, count, own_id, others):
    target.warnings.add('%d %s named %r on %s were created concurrently; this run kept its own (%s, created first) '
                        'and left %s to the runs that created them'
                        % (count, target.plural, target.name, target.scope, own_id, others))


def _warn_adopted(target, kept_id, own_id):
    target.warnings.add('another run created %s %r on %s first (%s); this run deleted its own copy %s and applied its '
                        'options to that one' % (target.noun, target.name, target.scope, kept_id, own_id))


def _with_listed_expansion(target, created, listed):
    """The create's answer with what the lookup expanded on the listed copy (its settings), when it did."""
    if target.expand and listed is not created and target.expand in listed:
        created = dict(created)
        created[target.expand] = listed[target.expand]
    return created


def _copies_with(client, target, created):
    """{lower-case id: object} of the objects with the target's name and scope, this run's own among them; None when
    the lookup failed (a warning says so, and the run keeps its own copy)."""
    try:
        found = target.find_copies(client)
    except GraphError as exc:
        target.warnings.add('created %s %s (%r), but could not look for a copy created concurrently by another run: '
                            '%s' % (target.noun, created['id'], target.name, exc))
        return None
    copies = dict((str(entity.get('id')).lower(), entity) for entity in found)
    copies.setdefault(str(created['id']).lower(), created)
    return copies
