# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: at the end of a playbook, writes the registered results of the tasks under test to files.

The integration runner used to save them with an ``ansible.builtin.copy`` task, which costs two module processes
(stat and copy) per playbook, more than the task under test. This callback reads the same registered variables
from the play's variable manager, without any extra task or process. Enable it with
ANSIBLE_CALLBACKS_ENABLED=registered_results and name the output directory in MSGRAPH_INTUNE_IT_RESULTS_DIR: it
writes one ``<host>.json`` per host, mapping every registered variable named ``task_under_test*`` to its value.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = '''
name: registered_results
type: aggregate
short_description: writes the registered results of the tasks under test (msgraph.intune integration tests)
description:
  - Test helper of msgraph.intune, not part of the collection.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
options:
  results_dir:
    description: Directory that receives one JSON file per host.
    env:
      - name: MSGRAPH_INTUNE_IT_RESULTS_DIR
    required: true
'''

import json
import os

from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase

REGISTERED_PREFIX = 'task_under_test'


class _ResultEncoder(AnsibleJSONEncoder):
    """What the to_json filter writes, plus str() for objects no JSON encoder knows (ansible-core 2.19 registers a
    failed task's ``exception`` as an error summary object, which to_json renders as text)."""

    def default(self, o):  # pylint: disable=method-hidden
        try:
            return super(_ResultEncoder, self).default(o)
        except TypeError:
            return str(o)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'registered_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._variable_manager = None

    def v2_playbook_on_play_start(self, play):
        self._variable_manager = play.get_variable_manager()

    def v2_playbook_on_stats(self, stats):
        results_dir = os.environ['MSGRAPH_INTUNE_IT_RESULTS_DIR']
        if self._variable_manager is None:
            return
        # Registered variables live with the host's non-persistent facts; there is no public accessor for them.
        for host, facts in self._variable_manager._nonpersistent_fact_cache.items():  # pylint: disable=protected-access
            registered = dict((name, value) for name, value in facts.items() if name.startswith(REGISTERED_PREFIX))
            path = os.path.join(results_dir, '%s.json' % host)
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as handle:
                json.dump(registered, handle, cls=_ResultEncoder)
