# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""RunnerAction: the action plugin of every module of the collection.

On the controller (local connection, no become, the controller's Python) it validates the task's arguments with
the module's own argument spec and calls the module's runner in Ansible's worker process, with no module process:
no Python start-up, no AnsiballZ, and the HTTP session, token and template data kept for the rest of a loop.
Anywhere else, or with MSGRAPH_INTUNE_EXECUTION=module, it runs the module as Ansible's normal action does. Both
paths return the same result.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible import constants as C
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.msgraph.intune.plugins.module_utils._client_factory import ClientFactory
from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.plugins.plugin_utils._client_reuse import WORKER_CLIENTS
from ansible_collections.msgraph.intune.plugins.plugin_utils._execution_path import module_path_reason
from ansible_collections.msgraph.intune.plugins.plugin_utils._secret_environment import without_secret_environment
from ansible_collections.msgraph.intune.plugins.plugin_utils._task_arguments import validate_task_arguments
from ansible_collections.msgraph.intune.plugins.plugin_utils._worker_process import python_warnings_as, task_environment

display = Display()


def inject_invocation(task_vars):
    """Whether ansible-core would add ``invocation`` to a module's result: always before 2.21, since then only with
    INJECT_INVOCATION (ANSIBLE_INJECT_INVOCATION)."""
    if C.config.get_configuration_definition('INJECT_INVOCATION') is None:
        return True
    return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))


class RunnerAction(ActionBase):
    """Subclasses name their module's runner (a module of module_utils/_runners) in RUNNER."""

    RUNNER = None
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(RunnerAction, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        environment = {}
        self._compute_environment_string(environment)
        reason = module_path_reason(self, task_vars, environment)
        host = self._play_context.remote_addr
        if reason is not None:
            display.vvv('msgraph.intune: %s runs as a module: %s' % (self._task.action, reason), host=host)
            return merge_hash(result, self._run_module(task_vars, environment))
        display.vvv('msgraph.intune: %s runs in the worker process' % self._task.action, host=host)
        return merge_hash(result, self._run_in_process(task_vars, environment))

    def _run_module(self, task_vars, environment):
        """The module as Ansible's normal action runs it, without secret variables in its printed environment."""
        wrap_async = bool(self._task.async_val) and not self._connection.has_native_async
        module_args, module_environment = without_secret_environment(self._task.args, environment)
        task_environment_keyword = self._task.environment
        if module_environment is not environment:
            self._task.environment = [module_environment]
        try:
            result = self._execute_module(module_args=module_args, task_vars=task_vars, wrap_async=wrap_async)
        finally:
            # ansible-core polls an async task (poll > 0) with async_status tasks that take this task's environment
            # after the action returns, and prints it at -vvv: they keep the one without the secrets, which they do
            # not need. The task object is this worker's copy, so nothing else sees the change.
            if not self._task.async_val:
                self._task.environment = task_environment_keyword
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def _run_in_process(self, task_vars, environment):
        arguments = validate_task_arguments(self.RUNNER, self._task.args, self._task.action)
        masked = set(arguments.no_log_values)
        warnings = Warnings()
        if arguments.error:
            result = dict(failed=True, msg=arguments.error)
        else:
            with task_environment(environment), python_warnings_as(warnings.add):
                result = self._call_runner(arguments.params, masked, warnings)
        if warnings:
            result['warnings'] = list(warnings)
        if inject_invocation(task_vars):
            result['invocation'] = {'module_args': arguments.params}
        return remove_values(result, masked)

    def _call_runner(self, params, masked, warnings):
        """The runner's result, or the failure its error describes; ``masked`` and ``warnings`` grow with what the
        connection adds (secrets read from the environment, the validate_certs warning)."""
        clients = []

        def connect():
            factory = ClientFactory(params, os.environ)
            masked.update(factory.secrets)
            for warning in factory.warnings:
                warnings.add(warning)
            clients.append(WORKER_CLIENTS.client(factory))
            return clients[-1]

        try:
            result = self.RUNNER.run(params, connect, check_mode=bool(self._task.check_mode), diff=bool(self._task.diff))
        except MsgraphIntuneError as exc:
            result = dict(failed=True, msg=exc.user_message(), **exc.result_fields())
        for client in clients:
            masked.update(client.secrets())
        for warning in result.pop('warnings', ()):
            warnings.add(warning)
        return result
