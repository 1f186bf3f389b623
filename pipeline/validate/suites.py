"""The Great Expectations suites, one per dataset, built once per run from
`pipeline.contract`. Period dates reach the suites as suite parameters.
Importing this module imports GX."""

from __future__ import annotations

import re

from pipeline.contract import MULTI_SELECT_SEPARATOR, ONS_CODE, Column, Dataset
from pipeline.discover import SLUG
from pipeline.validate import expectations as gxe
from pipeline.validate.outcome import SUITE_PREFIX, WARNING_WORDS


def build_suite(gx, context, dataset: Dataset):
    """One dataset's suite: every rule of the contract for it, each expectation
    carrying the column it is about and what was expected, for the messages.
    The suite is stored once, whole: added one by one to a stored suite, each
    expectation would store it again (a second of CPU in every run)."""
    expectations = []

    def add(expectation_class, about, description, expected, level="error", **kwargs):
        severity = "critical" if level == "error" else "warning"
        description = description if level == "error" else WARNING_WORDS + description
        meta = {"column": about, "dataset": dataset.name, "expected": expected}
        expectations.append(
            expectation_class(description=description, severity=severity, meta=meta, **kwargs)
        )

    add(
        gxe.ExpectTableColumnsToMatchSet,
        None,
        "the file has only the contract's columns (others are dropped unread)",
        "only the contract's columns",
        level="warning",
        column_set=list(dataset.column_names),
        exact_match=True,
    )
    for column in dataset.columns:
        name = column.name
        if not column.may_be_absent:
            # Every column must be in the file, even one whose cells may be
            # blank: a column left out or misnamed would read as all blank.
            add(
                gxe.ExpectColumnToExist,
                name,
                f"column {name} is in the file",
                "the column to be present",
                column=name,
            )
        if column.required:
            add(
                gxe.ExpectColumnValuesToNotBeNull,
                name,
                f"{name} is filled in on every row",
                "a value (the column is required)",
                column=name,
            )
        if column.names_row_by:
            add(
                gxe.ExpectColumnPairValuesToNameAnotherRow,
                name,
                f"{name} names another {column.names_row_by} of the file",
                column.expected(),
                column_A=name,
                column_B=column.names_row_by,
            )
        for expectation_class, kwargs in value_rules(column):
            add(
                expectation_class,
                name,
                f"{name} is {column.expected()}",
                column.expected(),
                column=name,
                **kwargs,
            )
        if column.in_period:
            add(
                gxe.ExpectColumnValuesToBeIsoDatesBetween,
                name,
                f"{name} falls inside the reporting period",
                "a date inside the reporting period",
                level="warning",
                column=name,
                first={"$PARAMETER": "period_start"},
                last={"$PARAMETER": "period_end"},
                months=column.months,
            )
    if len(dataset.unique) == 1:
        (key,) = dataset.unique
        add(
            gxe.ExpectColumnValuesToBeUnique,
            key,
            f"each {key} appears once",
            f"each {key} to appear once",
            column=key,
        )
    elif dataset.unique:
        keys = " and ".join(dataset.unique)
        add(
            gxe.ExpectCompoundColumnsToBeUnique,
            dataset.unique[0],
            f"each combination of {keys} appears once",
            f"each combination of {keys} to appear once",
            column_list=list(dataset.unique),
        )
    if dataset.units is not None:
        rule = dataset.units
        for unit, allowed in rule.ranges:
            (expectation_class, kwargs), *_ = value_rules(allowed)
            expected = f"{allowed.expected()}, as its unit is {unit}"
            add(
                expectation_class,
                rule.value,
                f"{rule.value} is {expected}",
                expected,
                column=rule.value,
                # Only the rows of this unit (a blank unit is the default, filled
                # in before validating: `validator`).
                row_condition=gxe.RowColumn(rule.unit) == unit,
                **kwargs,
            )
    if dataset.ordered:
        earlier, later = dataset.ordered
        add(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            later,
            f"{later} is on or after {earlier}",
            f"a date on or after {earlier}",
            column_A=later,
            column_B=earlier,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
    suite = gx.ExpectationSuite(name=SUITE_PREFIX + dataset.name, expectations=expectations)
    return context.suites.add(suite)


def value_rules(column: Column):
    """The expectation(s) checking one column's values, by kind."""
    if column.kind == "enum":
        return [(gxe.ExpectColumnValuesToBeInSet, {"value_set": list(column.allowed)})]
    if column.kind == "multi":
        option = "|".join(re.escape(a) for a in column.allowed)
        sep = re.escape(MULTI_SELECT_SEPARATOR)
        return [
            (gxe.ExpectColumnValuesToMatchRegex, {"regex": f"^(?:{option})(?:{sep}(?:{option}))*$"})
        ]
    if column.kind in {"int", "decimal"}:
        return [
            (
                gxe.ExpectColumnValuesToBeNumbersBetween,
                {
                    "minimum": column.minimum,
                    "maximum": column.maximum,
                    "whole": column.kind == "int",
                    "plus": column.plus,
                },
            )
        ]
    if column.kind == "date":
        return [(gxe.ExpectColumnValuesToBeIsoDatesBetween, {"months": column.months})]
    if column.kind == "code":
        return [(gxe.ExpectColumnValuesToMatchRegex, {"regex": f"^{ONS_CODE.pattern}$"})]
    if column.kind == "slug":
        return [(gxe.ExpectColumnValuesToMatchRegex, {"regex": f"^{SLUG.pattern}$"})]
    return []
