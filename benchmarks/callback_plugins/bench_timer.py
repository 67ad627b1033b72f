# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: writes each task's name, wall time and item count to the JSON file in $BENCH_TIMINGS_FILE."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: bench_timer
type: aggregate
short_description: Task wall times for benchmarks/run.py
description:
  - Records the wall time and the number of loop items of every task into the file named by E(BENCH_TIMINGS_FILE).
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []

    def _close_task(self):
        if self.tasks and self.tasks[-1]['seconds'] is None:
            self.tasks[-1]['seconds'] = time.perf_counter() - self.tasks[-1]['started']

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close_task()
        self.tasks.append({'name': task.get_name(), 'started': time.perf_counter(), 'seconds': None, 'items': 0,
                           'skipped_items': 0})

    def _item(self, result, skipped=False):
        if self.tasks:
            self.tasks[-1]['items'] += 1
            self.tasks[-1]['skipped_items'] += 1 if skipped else 0

    def v2_runner_item_on_ok(self, result):
        self._item(result)

    def v2_runner_item_on_failed(self, result):
        self._item(result)

    def v2_runner_item_on_skipped(self, result):
        self._item(result, skipped=True)

    def v2_playbook_on_stats(self, stats):
        self._close_task()
        with open(os.environ['BENCH_TIMINGS_FILE'], 'w') as handle:
            json.dump([dict(task, started=None) for task in self.tasks], handle)
