"""The coordination family (附件2): issues units raise by the 3rd and the 18th, the three tiers of
meetings that decide them, the minutes, and the ledger (台账) of decided items checked off one by
one, with escalation for items left open."""
