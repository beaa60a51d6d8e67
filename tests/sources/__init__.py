"""Tests of claimbook.sources."""
