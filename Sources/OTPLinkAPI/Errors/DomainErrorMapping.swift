import LinkVerification
import Hummingbird

/// Maps the domain's ``VerificationError`` to API answers: the status of each code, `Retry-After`
/// for the waits, `attemptsLeft` and `field` inside the error object.
///
/// The domain's codes and messages pass unchanged; only the status is decided here.
enum DomainErrorMapping {
    /// The answer for a domain error, or `nil` when `error` is not one.
    static func apiError(for error: any Error) -> APIError? {
        guard let error = error as? VerificationError else { return nil }
        var details: [String: Int] = [:]
        if let attemptsLeft = error.attemptsLeft { details["attemptsLeft"] = attemptsLeft }
        return APIError(
            status(of: error),
            code: error.code,
            message: error.message,
            details: details,
            field: error.field,
            retryAfterSeconds: error.retryAfterSeconds
        )
    }

    /// The HTTP status of each domain error.
    static func status(of error: VerificationError) -> HTTPResponse.Status {
        switch error {
        case .linkNotFound, .challengeNotFound, .fileNotFound: .notFound
        case .linkExpired, .linkRevoked, .challengeExpired: .gone
        case .linkLocked, .challengeLocked: .locked
        case .invalidEmail, .invalidCode, .invalidRequest: .badRequest
        case .rateLimited, .tooSoon: .tooManyRequests
        case .unauthorized: .unauthorized
        }
    }
}
