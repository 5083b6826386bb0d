"""The append-only ledger of facts (adoptions, bonuses, deductions) and how they are entered."""
