# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A test-only connection to this machine whose transport is not ``local``: the collection's action plugins take it
for a remote host and run their module as a module process, as they would over SSH."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = """
    name: msgraph_it_remote
    short_description: run on the controller, as if it were a remote host (msgraph.intune integration tests)
    description:
        - The local connection under another transport name.
    author: msgraph.intune contributors (@msgraph-intune)
    options:
        become_success_timeout:
            type: int
            default: 10
            description: As for the local connection.
            vars:
                - name: ansible_local_become_success_timeout
        become_strip_preamble:
            type: bool
            default: true
            description: As for the local connection.
            vars:
                - name: ansible_local_become_strip_preamble
    extends_documentation_fragment:
        - connection_pipelining
"""

from ansible.plugins.connection.local import Connection as LocalConnection


class Connection(LocalConnection):
    transport = 'msgraph_it_remote'
