"""A rule's severity and a finding's are the same three grades stored under
different values; FINDING_SEVERITY must translate every grade to its namesake."""
from inspection.choices import Severity as FindingSeverity
from rules.choices import FINDING_SEVERITY, Severity


def test_every_rule_severity_maps_to_the_finding_severity_of_the_same_grade():
    assert set(FINDING_SEVERITY) == set(Severity)
    assert set(FINDING_SEVERITY.values()) == set(FindingSeverity)
    for rule_grade, finding_grade in FINDING_SEVERITY.items():
        assert str(rule_grade.label) == str(finding_grade.label)
