// Placeholder: LinkStorage is built by its own issue.
