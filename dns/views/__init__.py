"""DNS pages, split by topic: domains, records, plans, zone files, nameservers."""
