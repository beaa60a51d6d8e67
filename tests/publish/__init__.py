"""Tests of claimbook.publish."""
