"""Tests of claimbook.report."""
