# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On the module path, secrets of the environment: keyword move into no_log options, with the same method chosen."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.plugin_utils._secret_environment import without_secret_environment
from ansible_collections.msgraph.intune.tests.unit.utils.identity import CLIENT, PASSWORD, SECRET, TENANT, TOKEN

IDS = {'AZURE_TENANT_ID': TENANT, 'AZURE_CLIENT_ID': CLIENT}


def test_without_secrets_nothing_changes():
    args, environment = {'display_name': 'x'}, dict(IDS, HTTPS_PROXY='http://proxy:3128')
    assert without_secret_environment(args, environment) == (args, environment)


def test_a_secret_moves_into_its_option_and_pins_the_method_auto_chose():
    args, environment = without_secret_environment({'display_name': 'x'}, dict(IDS, AZURE_SECRET=SECRET))
    assert args == {'display_name': 'x', 'client_secret': SECRET, 'auth_method': 'client_secret'}
    assert environment == IDS


def test_the_first_documented_variable_wins_and_auto_keeps_its_order():
    args, environment = without_secret_environment({}, dict(IDS, AZURE_SECRET='second', AZURE_CLIENT_SECRET=SECRET,
                                                            MSGRAPH_ACCESS_TOKEN=TOKEN))
    assert args == {'client_secret': SECRET, 'access_token': TOKEN, 'auth_method': 'access_token'}
    assert environment == IDS


def test_a_credential_written_in_the_task_still_beats_the_environment():
    environment = dict(IDS, AZURE_SECRET=SECRET, AZURE_CLIENT_CERTIFICATE_PASSWORD=PASSWORD)
    args, environment = without_secret_environment({'access_token': TOKEN}, environment)
    assert args == {'access_token': TOKEN, 'client_certificate_password': PASSWORD}
    assert environment == IDS


def test_an_explicit_method_takes_the_moved_secret_as_it_is():
    args, environment = without_secret_environment({'auth_method': 'client_secret', 'client_secret': 'task'},
                                                   dict(IDS, AZURE_SECRET=SECRET))
    assert args == {'auth_method': 'client_secret', 'client_secret': 'task'} and environment == IDS
