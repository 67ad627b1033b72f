# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OData string literals: listed cases, and any text (hypothesis)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._odata import odata_string_literal
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import parse_odata_string_literal


@pytest.mark.parametrize('value, literal', [
    ("O'Brien", "'O''Brien'"),
    ("''", "''''''"),
    ('Ünïcode ✓ [x] & #1', "'Ünïcode ✓ [x] & #1'"),
    ('', "''"),
])
def test_odata_string_literal(value, literal):
    assert odata_string_literal(value) == literal


@given(st.text())
def test_odata_string_literal_round_trips(value):
    assert parse_odata_string_literal(odata_string_literal(value)) == value


@given(st.text())
@pytest.mark.reliability('properties', 'OData string escaping: any text gives a quoted literal with every inner '
                                       'quote doubled')
def test_odata_literal_is_quoted_with_every_inner_quote_doubled(value):
    literal = odata_string_literal(value)
    assert literal[0] == literal[-1] == "'" and len(literal) >= 2
    inner = literal[1:-1]
    assert inner.replace("''", '') == value.replace("'", '')
    assert inner.count("'") == 2 * value.count("'")
