"""Tests of claimbook.claims."""
