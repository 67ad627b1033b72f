# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs intune_configuration_policy_info in Ansible's worker process on the controller, else as a module (see plugin_utils/_runner_action.py)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._runners import configuration_policy_info
from ansible_collections.msgraph.intune.plugins.plugin_utils._runner_action import RunnerAction


class ActionModule(RunnerAction):
    RUNNER = configuration_policy_info
