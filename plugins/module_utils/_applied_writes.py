# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""AppliedWrites: the record of the writes an apply makes, so that a failure after a write still reports what was
done (``changed``, ``actions`` and the profile), whatever the profile's kind."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError


def assign_only(plan):
    """What follows the create of this run's own copy: the plan again when it has an assign call, else None (an
    adopted copy is planned anew instead)."""
    return plan if 'assign' in plan.actions else None


class AppliedWrites(object):
    """A context around an apply: ``add`` each write once made and keep ``entity`` the profile written to. On leaving,
    the writes become the plan's ``actions`` (a concurrent run's copy may have added to them), and a
    MsgraphIntuneError raised after a write carries them in ``done``, with the ``summary_keys`` of the profile under
    ``entity_key`` ("intent", "policy")."""

    def __init__(self, plan, entity_key, summary_keys, entity=None):
        self.plan = plan
        self.entity_key = entity_key
        self.summary_keys = summary_keys
        self.entity = entity or {}
        self.actions = []

    def add(self, *actions):
        self.actions.extend(actions)

    @property
    def only_created(self):
        return self.actions == ['create']

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.actions:
            if isinstance(exc, MsgraphIntuneError):
                summary = dict((key, self.entity[key]) for key in self.summary_keys if key in self.entity)
                exc.done = {'changed': True, 'actions': list(self.actions), self.entity_key: summary}
            self.plan.actions = self.actions
        return False
