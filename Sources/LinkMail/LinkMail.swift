// Placeholder: LinkMail is built by its own issue.
