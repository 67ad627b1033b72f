# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hypothesis strategies of the property tests: any JSON value, and settings_delta items of any shape."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from hypothesis import strategies as st

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20))
ANY_JSON = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                        | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=15)
ITEM_KEYS = st.sampled_from(['definition_id', 'definitionId', 'value', 'value_json', 'valueJson', 'odata_type',
                             '@odata.type', 'id', 'other'])
SETTING_ITEMS = st.dictionaries(ITEM_KEYS, ANY_JSON | st.sampled_from([
    'deviceConfiguration--x', '#microsoft.graph.deviceManagementBooleanSettingInstance', 'true', '{"a": 1}', 'NaN']),
    max_size=5)
