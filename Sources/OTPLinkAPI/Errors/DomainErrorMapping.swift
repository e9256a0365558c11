/// Maps the domain's errors to API answers (filled in when the domain's error type lands).
enum DomainErrorMapping {
    /// The answer for a domain error, or `nil` when `error` is not one.
    static func apiError(for error: any Error) -> APIError? {
        nil
    }
}
