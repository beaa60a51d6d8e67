"""Tests of claimbook.tables."""
