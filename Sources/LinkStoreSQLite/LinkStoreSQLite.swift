// Placeholder: LinkStoreSQLite is built by its own issue.
