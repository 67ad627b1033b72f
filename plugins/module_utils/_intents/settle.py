# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Settling a create against the copies that concurrent runs made of the same intent (same name and template).

Every run applies one rule to what it sees, so that runs converge whatever the order of their creates and lookups:
the copy created first is kept. A copy's creation time is, for this run's own copy, the lastModifiedDateTime of
the createInstance answer, and for any other copy its lastModifiedDateTime, which is its creation time until the copy
is changed (intents have no createdDateTime); equal times fall back to the id. A run deletes only its own copy, when
it is not the first, and then adopts the first; a younger copy is left to the run that made it, which applies the
same rule after its own create and so sees the older copy. docs/reliability.md lists what this covers and what not.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import find_intents
from ansible_collections.msgraph.intune.plugins.module_utils._intents.writes import delete_intent
from ansible_collections.msgraph.intune.plugins.module_utils._odata import datetime_offset

# Before a run changes the copy it just created (assignments, or the options of an adopted copy), it looks once more
# after this delay: its changes move the copy's lastModifiedDateTime, after which a racing run would take the copy
# for a younger one.
SETTLE_RECHECK_SECONDS = 2.0
LATEST = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)


class CreateOutcome(object):
    """The intent this run keeps after creating, and what the create step wrote.

    ``actions`` holds ``create`` and, when this run's copy lost to an older one, ``delete_own_copy``. ``adopted`` is
    true when the kept intent may be another run's copy: this run's own options must still be applied to it.
    """

    def __init__(self, intent, actions, adopted=False):
        self.intent = intent
        self.actions = actions
        self.adopted = adopted


def creation_key(intent, created_at=None):
    """The rule's order: creation time (``created_at`` when known, else lastModifiedDateTime), then the id."""
    when = datetime_offset(created_at or intent.get('lastModifiedDateTime')) or LATEST
    return when, str(intent.get('id') or '').lower()


def settle_created(client, plan, created, recheck=False):
    """The outcome after this run's createInstance answered with ``created``.

    ``recheck``: the caller changes the kept copy afterwards, so a run that saw no other copy looks once more after
    SETTLE_RECHECK_SECONDS before it does.
    """
    own_id = str(created['id']).lower()
    own_key = creation_key(created)
    copies = _copies_with(client, plan, created)
    if copies is None:
        return CreateOutcome(created, ['create'])
    if len(copies) == 1 and recheck:
        client.pause(SETTLE_RECHECK_SECONDS)
        copies = _copies_with(client, plan, created) or copies
    first_id = min(copies, key=lambda intent_id: own_key if intent_id == own_id else creation_key(copies[intent_id]))
    others = ', '.join(sorted(intent_id for intent_id in copies if intent_id != own_id))
    name, template_id = plan.inputs.display_name, plan.template.effective_id
    if first_id == own_id:
        if others:
            plan.warnings.add('%d intents named %r on template %s were created concurrently; this run kept its own (%s, '
                              'created first) and left %s to the runs that created them'
                              % (len(copies), name, template_id, created['id'], others))
        return CreateOutcome(created, ['create'])
    delete_intent(client, created['id'])
    kept = copies[first_id]
    plan.warnings.add('another run created intent %r on template %s first (%s); this run deleted its own copy %s and '
                      'applied its options to that one' % (name, template_id, kept.get('id'), created['id']))
    return CreateOutcome(kept, ['create', 'delete_own_copy'], adopted=True)


def settle_unknown(client, plan, copies, possibly_own):
    """The outcome after a createInstance whose answer was lost, when the lookups found ``copies``.

    ``possibly_own(copy)`` tells whether a copy was created after this run's createInstance was sent: such a copy
    is taken for this run's own. Only an unambiguous own copy is ever deleted.
    """
    first = min(copies, key=creation_key)
    own = [copy for copy in copies if possibly_own(copy)]
    name, template_id = plan.inputs.display_name, plan.template.effective_id
    others = ', '.join(sorted(str(copy.get('id')) for copy in copies if copy is not first))
    if len(own) == 1 and own[0] is first:
        if others:
            plan.warnings.add('%d intents named %r on template %s were created concurrently; this run kept its own (%s, '
                              'created first) and left %s to the runs that created them'
                              % (len(copies), name, template_id, first.get('id'), others))
        return CreateOutcome(first, ['create'])
    if len(own) == 1:
        delete_intent(client, own[0]['id'])
        plan.warnings.add('another run created intent %r on template %s first (%s); this run deleted its own copy %s '
                          'and applied its options to that one' % (name, template_id, first.get('id'), own[0]['id']))
        return CreateOutcome(first, ['create', 'delete_own_copy'], adopted=True)
    if len(copies) > 1:
        plan.warnings.add('%d intents named %r on template %s exist after a createInstance whose answer was lost, and '
                          'none is certainly this run\'s: this run kept %s (created first), applied its options to it, '
                          'and deleted nothing; the others: %s' % (len(copies), name, template_id, first.get('id'), others))
    return CreateOutcome(first, ['create'], adopted=True)


def _copies_with(client, plan, created):
    """{lower-case id: intent} of the intents with the plan's name and template, this run's own among them; None when
    the lookup failed (a warning says so, and the run keeps its own copy)."""
    try:
        found = find_intents(client, plan.inputs.display_name, plan.template.effective_id, plan.warnings)
    except GraphError as exc:
        plan.warnings.add('created intent %s (%r), but could not look for a copy created concurrently by another run: '
                          '%s' % (created['id'], plan.inputs.display_name, exc))
        return None
    copies = dict((str(intent.get('id')).lower(), intent) for intent in found)
    copies.setdefault(str(created['id']).lower(), created)
    return copies
