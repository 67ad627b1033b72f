# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Credentials given with the task's environment: keyword, on the module path.

ansible-core prints a module's environment in its EXEC line at -vvv. The secret variables (the client secret, the
certificate password, the access token) are therefore moved into the no_log options they stand for, which Ansible
masks, and the module gets the rest of the environment. The method ``auth_method: auto`` would have chosen is
given explicitly, so that a moved credential keeps its rank below a credential written in the task.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._connection import (
    CREDENTIAL_OPTIONS,
    ENV_VARS,
    SECRET_OPTIONS,
    resolve_connection_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError

# The secret environment variables, each with the option it stands for.
SECRET_VARIABLES = dict((name, option) for option, names in ENV_VARS.items() if option in SECRET_OPTIONS for name in names)


def is_set(value):
    return value is not None and value != ''


def without_secret_environment(args, environment):
    """(module args, environment) with the secret variables of ``environment`` moved into ``args``."""
    secrets = dict((name, value) for name, value in environment.items() if name in SECRET_VARIABLES and is_set(value))
    if not secrets:
        return args, environment
    remaining = dict((name, value) for name, value in environment.items() if name not in secrets)
    moved = dict(args)
    explicit_credential = any(is_set(args.get(option)) for option in CREDENTIAL_OPTIONS.values())
    auto = (args.get('auth_method') or 'auto') == 'auto'
    for option, names in ENV_VARS.items():
        if option not in SECRET_OPTIONS or is_set(args.get(option)):
            continue  # the task's own value wins over the environment, as in the module
        value = next((secrets[name] for name in names if name in secrets), None)
        if value is None:
            continue
        if auto and explicit_credential and option in CREDENTIAL_OPTIONS.values():
            continue  # a credential written in the task beats one from the environment: this one is never used
        moved[option] = value
    if auto and not explicit_credential:
        try:
            settings, dummy = resolve_connection_settings(args, environment)
            moved['auth_method'] = select_auth_method(settings).NAME
        except MsgraphIntuneError:
            return args, environment  # the module reports the problem, with the environment it was given
    return moved, remaining
