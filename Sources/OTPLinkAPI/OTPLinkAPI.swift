// Placeholder: OTPLinkAPI is built by its own issue.
