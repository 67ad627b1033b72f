# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a task runs: in the worker on the controller, else as a module."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import sys
import types

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.msgraph.intune.plugins.plugin_utils._execution_path import (
    EXECUTION_ENV,
    execution_mode,
    module_path_reason,
    same_interpreter,
)


class FakeTemplar(object):
    def template(self, value):
        return value.replace('{{ ansible_playbook_python }}', sys.executable)


def action(transport='local', become=None, task_become=False, async_val=0):
    return types.SimpleNamespace(
        _connection=types.SimpleNamespace(transport=transport, become=become),
        _task=types.SimpleNamespace(async_val=async_val, become=task_become),
        _templar=FakeTemplar())


LOCAL_PYTHON = {'ansible_python_interpreter': sys.executable}


@pytest.fixture(autouse=True)
def no_execution_variable(monkeypatch):
    monkeypatch.delenv(EXECUTION_ENV, raising=False)


def test_a_local_task_on_the_controllers_python_runs_in_the_worker():
    assert module_path_reason(action(), LOCAL_PYTHON, {}) is None
    assert module_path_reason(action(), {'ansible_python_interpreter': '{{ ansible_playbook_python }}'}, {}) is None
    assert module_path_reason(action(), {'ansible_python_interpreter': 'auto_silent'}, {}) is None


@pytest.mark.parametrize('fake, variables, reason', [
    (action(transport='ssh'), LOCAL_PYTHON, 'the connection is ssh, not local'),
    (action(become=object()), LOCAL_PYTHON, 'become is set'),
    (action(task_become=True), LOCAL_PYTHON, 'become is set'),
    (action(async_val=60), LOCAL_PYTHON, 'async'),
    (action(), {'ansible_python_interpreter': '/opt/other-venv/bin/python'}, '/opt/other-venv/bin/python'),
], ids=['ssh', 'become', 'task_become', 'async', 'interpreter'])
def test_anything_else_runs_as_a_module_and_says_why(fake, variables, reason):
    assert reason in module_path_reason(fake, variables, {})


@pytest.mark.parametrize('environment, controller, expected', [
    ({}, None, 'auto'),
    ({EXECUTION_ENV: 'module'}, None, 'module'),
    ({}, ' MODULE ', 'module'),
    ({EXECUTION_ENV: 'auto'}, 'module', 'auto'),
])
def test_the_execution_variable_comes_from_the_task_environment_then_the_controller(monkeypatch, environment,
                                                                                    controller, expected):
    if controller is not None:
        monkeypatch.setenv(EXECUTION_ENV, controller)
    assert execution_mode(environment) == expected


def test_module_is_forced_and_an_unknown_mode_fails_naming_the_variable():
    assert module_path_reason(action(), LOCAL_PYTHON, {EXECUTION_ENV: 'module'}) == 'MSGRAPH_INTUNE_EXECUTION=module'
    with pytest.raises(AnsibleActionFail, match='MSGRAPH_INTUNE_EXECUTION must be one of auto, module'):
        execution_mode({EXECUTION_ENV: 'inprocess'})


def test_interpreters_of_the_same_directory_are_the_same_and_a_link_elsewhere_is_not(tmp_path):
    executable = sys.executable
    assert same_interpreter(executable, executable)
    sibling = os.path.join(os.path.dirname(executable), 'python3')
    if os.path.exists(sibling):
        assert same_interpreter(sibling, executable)
    elsewhere = tmp_path / 'python'
    elsewhere.symlink_to(executable)
    assert not same_interpreter(str(elsewhere), executable)
    assert not same_interpreter(str(tmp_path / 'missing'), executable)
