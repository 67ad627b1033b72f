# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The Graph clients of one worker process, kept for the next items of the same loop: one HTTP session (keep-alive
TLS), the token and the template data, per connection."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os


class WorkerClients(object):
    """Clients by ClientFactory.fingerprint(), for this process only.

    Ansible imports action plugins in its main process and forks a worker per task and host; a loop's items all run
    in that worker. A client made before a fork (another pid) is never used: its session and token belong to the
    process that made them.
    """

    def __init__(self):
        self._pid = None
        self._clients = {}

    def client(self, factory):
        pid = os.getpid()
        if pid != self._pid:
            self._pid, self._clients = pid, {}
        key = factory.fingerprint()
        if key not in self._clients:
            self._clients[key] = factory.build()
        return self._clients[key]


WORKER_CLIENTS = WorkerClients()
