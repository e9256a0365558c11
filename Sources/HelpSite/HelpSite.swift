// Placeholder: HelpSite is built by its own issue.
