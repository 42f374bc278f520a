"""The notes feature: customers, follow-ups, after-sales, memos, handover, reports, agents."""
