# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Where a task of the collection runs: in Ansible's worker process on the controller (in-process), or as a module
process (the module path). In-process needs the controller itself to be the target, as the same user and Python."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import shutil
import sys

from ansible import constants as C
from ansible.errors import AnsibleActionFail

from ansible_collections.msgraph.intune.plugins.module_utils._auth.base import msal_installed
from ansible_collections.msgraph.intune.plugins.module_utils._http import HAS_REQUESTS

EXECUTION_ENV = 'MSGRAPH_INTUNE_EXECUTION'
EXECUTION_MODES = ('auto', 'module')
# INTERPRETER_PYTHON values that let Ansible pick the interpreter; on the controller the worker's own one is as good.
DISCOVERED_INTERPRETERS = frozenset(('auto', 'auto_legacy', 'auto_silent', 'auto_legacy_silent'))


def execution_mode(environment):
    """MSGRAPH_INTUNE_EXECUTION from the task's environment, else from the controller's; 'auto' when unset."""
    value = environment.get(EXECUTION_ENV) or os.environ.get(EXECUTION_ENV) or 'auto'
    mode = str(value).strip().lower()
    if mode not in EXECUTION_MODES:
        raise AnsibleActionFail('%s must be one of %s, got %r' % (EXECUTION_ENV, ', '.join(EXECUTION_MODES), value))
    return mode


def same_interpreter(interpreter, executable=None):
    """Whether ``interpreter`` (a path or a command name) is the Python this process runs on.

    Compared by directory and file, not by the resolved symlink: a virtualenv's python is a link to the base
    interpreter, yet it runs with other packages. python, python3 and python3.X of one directory are the same.
    """
    executable = os.path.abspath(executable or sys.executable)
    candidate = shutil.which(interpreter) or interpreter
    candidate = os.path.abspath(os.path.expanduser(candidate))
    if os.path.dirname(candidate) != os.path.dirname(executable):
        return False
    try:
        return os.path.samefile(candidate, executable)
    except OSError:
        return False


def task_interpreter(action, task_vars):
    """The Python the task's module would run on: ansible_python_interpreter, else INTERPRETER_PYTHON (templated)."""
    value = task_vars.get('ansible_python_interpreter')
    if value is None:
        value = C.config.get_config_value('INTERPRETER_PYTHON', variables=task_vars)
    return str(action._templar.template(value)).strip()


def module_path_reason(action, task_vars, environment):
    """Why the task must run as a module process (a text for -vvv), or None when it can run in the worker."""
    if execution_mode(environment) == 'module':
        return '%s=module' % EXECUTION_ENV
    if action._task.async_val:
        return 'async tasks run as a module'
    transport = getattr(action._connection, 'transport', None)
    if transport != 'local':
        return 'the connection is %s, not local' % transport
    if action._connection.become is not None or action._task.become:
        return 'become is set'
    interpreter = task_interpreter(action, task_vars)
    if interpreter not in DISCOVERED_INTERPRETERS and not same_interpreter(interpreter):
        return 'the task runs on the interpreter %s, not on the controller\'s %s' % (interpreter, sys.executable)
    if not HAS_REQUESTS:
        return 'requests is not installed on the controller'
    if not msal_installed():
        return 'msal is not installed on the controller'
    return None
