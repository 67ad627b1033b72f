# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""CreateTarget: what exactly-once creation (create.py, settle.py) needs to know of the object a task creates.

Each domain (intents, configuration policies) describes its create with one subclass: the request that creates,
the lookup of the objects that carry the same identity (name and template), the delete of a copy, and the time an
object was created. The rules themselves (never resend while a create may still commit, the copy created first is
kept) are written once, in create.py and settle.py.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class CreateTarget(object):
    """One object to create. ``noun``/``plural`` name its kind in messages ("intent", "intents"); ``name`` is the
    display name it is created with; ``scope`` says where the name is unique ("template X"); ``request`` names the
    creating request ("createInstance"); ``warnings`` is the run's ``Warnings``."""

    noun = 'object'
    plural = 'objects'
    request = 'create'
    # Whether created_at moves when the object is changed (an intent's lastModifiedDateTime does): then a run looks
    # once more for an older copy before it changes its own (see settle.settle_created).
    creation_time_moves = True
    # A navigation property that the result needs and the create's answer lacks (an intent's or a policy's
    # ``settings``): the lookups after the create expand it, so that it is not read again separately.
    expand = None

    def __init__(self, name, scope, warnings):
        self.name = name
        self.scope = scope
        self.warnings = warnings

    def send(self, client):
        """Send the creating request once (never retried but for 429) and return its JSON answer."""
        raise NotImplementedError

    def created(self, answer):
        """The created object in ``answer``, or None when the answer holds none."""
        raise NotImplementedError

    def find_copies(self, client):
        """Every object with this target's name and scope, as Graph lists them, with ``expand`` expanded where Graph
        takes it."""
        raise NotImplementedError

    def delete(self, client, object_id):
        """Delete one copy (one already gone counts as deleted)."""
        raise NotImplementedError

    @staticmethod
    def created_at(entity):
        """The text of ``entity``'s creation time (an Edm.DateTimeOffset), or None when Graph gives none."""
        raise NotImplementedError
