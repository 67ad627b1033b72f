# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/reliability.md is what tests/reliability_report.py renders from the tests, and it covers what it must."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import reliability_report  # noqa: E402  (tests/ is not a package)


def test_docs_reliability_is_generated_from_the_current_tests():
    with open(reliability_report.REPORT_PATH) as handle:
        committed = handle.read()
    assert committed == reliability_report.render(), (
        'docs/reliability.md is out of date: run python <...>/ansible_collections/msgraph/intune/tests/reliability_report.py')


def test_every_section_has_rows_and_the_bad_input_table_has_at_least_30():
    collected = reliability_report.collect()
    for section, _title, _text in reliability_report.SECTIONS:
        if section != 'bad input':
            assert collected['rows'][section], section
    validation = collected['modules']['tests/integration/test_input_validation.py']
    assert len(validation.BAD_INPUT) + len(validation.BATCHED_BAD_INPUT) >= 30
