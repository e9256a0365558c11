// Placeholder: LinkVerification is built by its own issue.
