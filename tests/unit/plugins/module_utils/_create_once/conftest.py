# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixtures of the exactly-once create's tests: a fake client (FakeGraph's clock and waits) and a tiny
CreateTarget that keeps its objects in memory."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import datetime

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.target import CreateTarget
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import FakeGraph


class WidgetTarget(CreateTarget):
    """Widgets named ``W`` on ``shelf 1``. ``failures``: (error, made) pairs raised by the next sends, ``made``
    telling whether the widget was made anyway (True), not (False) or only 40 s after the send ('late', a late
    commit)."""

    noun = 'widget'
    plural = 'widgets'
    request = 'POST widgets'

    def __init__(self, client):
        super(WidgetTarget, self).__init__('W', 'shelf 1', Warnings())
        self.client = client
        self.store = {}
        self.sends = 0
        self.lookups = 0
        self.deleted = []
        self.failures = []
        self.late = []
        self.answer_without_entity = False
        self.lookup_error = None

    def make(self, widget_id=None, seconds=0.0, created=None):
        """A widget in the store, created ``seconds`` after the client's clock (or at the datetime ``created``)."""
        widget_id = widget_id or 'w-%d' % (len(self.store) + len(self.deleted) + 1)
        created = created or self.client.clock + datetime.timedelta(seconds=seconds)
        self.store[widget_id] = {'id': widget_id, 'name': self.name,
                                 'createdAt': created.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}
        return copy.deepcopy(self.store[widget_id])

    def send(self, client):
        self.sends += 1
        self.client.stamp()
        if self.failures:
            error, made = self.failures.pop(0)
            if made == 'late':
                # Committed 40 s later, with the creation time of the request.
                self.late.append((self.client.clock + datetime.timedelta(seconds=40), self.client.clock))
            elif made:
                self.make()
            raise error
        widget = self.make()
        return None if self.answer_without_entity else widget

    def created(self, answer):
        return answer if isinstance(answer, dict) else None

    def find_copies(self, client):
        self.lookups += 1
        for due, created in list(self.late):
            if self.client.clock >= due:
                self.late.remove((due, created))
                self.make(created=created)
        error, self.lookup_error = self.lookup_error, None
        if error is not None:
            raise error
        return [copy.deepcopy(widget) for widget in self.store.values()]

    def delete(self, client, object_id):
        self.deleted.append(object_id)
        self.store.pop(object_id, None)

    def created_at(self, entity):
        return entity.get('createdAt')


@pytest.fixture
def client():
    return FakeGraph(max_retries=2)


@pytest.fixture
def target(client):
    return WidgetTarget(client)
