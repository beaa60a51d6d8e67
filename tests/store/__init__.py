"""Tests of claimbook.store."""
