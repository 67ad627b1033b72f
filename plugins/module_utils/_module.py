# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""GraphModule: the one place where an Ansible module meets the collection's runners.

It validates the options with AnsibleModule, builds the run's Graph client when the runner first asks for it
(secrets from the environment masked, warnings shown), calls the runner, and turns every error the collection
raises on purpose into a clean ``fail_json`` (never a traceback, never a secret).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.msgraph.intune.plugins.module_utils._client_factory import ClientFactory
from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError
from ansible_collections.msgraph.intune.plugins.module_utils._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR


class GraphModule:
    """Wraps AnsibleModule (amazon.aws style): attribute access falls through to the AnsibleModule.

    ``runner`` is a module of ``module_utils/_runners``: its ``ARGUMENT_SPEC`` and ``MODULE_KWARGS`` describe the
    options, its ``run(params, connect, check_mode, diff)`` does the work.
    """

    def __init__(self, runner):
        self._runner = runner
        self._module = AnsibleModule(argument_spec=runner.ARGUMENT_SPEC, **runner.MODULE_KWARGS)
        if not HAS_REQUESTS:
            self._module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self._client = None

    def __getattr__(self, name):
        return getattr(self._module, name)

    def client(self):
        """The run's GraphClient, built on first use: no request is sent yet."""
        if self._client is None:
            factory = ClientFactory(self._module.params, os.environ)
            # Secrets that came from the environment are not no_log options: mask them by value (kubernetes.core style).
            self._module.no_log_values.update(factory.secrets)
            for warning in factory.warnings:
                self._module.warn(warning)
            self._client = factory.build()
        return self._client

    def execute(self):
        """Run the runner and exit the module with its result, or fail with the collection's error."""
        try:
            result = self._runner.run(self._module.params, self.client, check_mode=self._module.check_mode,
                                      diff=self._module._diff)
        except MsgraphIntuneError as exc:
            self._mask_tokens()
            self._module.fail_json(msg=exc.user_message(), **self._warned(exc.result_fields()))
        self._mask_tokens()
        self._module.exit_json(**self._warned(result))

    def _warned(self, result):
        """``result`` without its ``warnings``, which are given to AnsibleModule.warn (the key itself is deprecated)."""
        for warning in result.pop('warnings', ()):
            self._module.warn(warning)
        return result

    def _mask_tokens(self):
        """Every token the run used is masked in what the module returns, as no_log values are."""
        if self._client is not None:
            self._module.no_log_values.update(self._client.secrets())
