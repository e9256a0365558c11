import Foundation

/// Every failure a caller of the verification service can cause, each with a stable machine code.
///
/// The HTTP layer maps ``code`` to a status and shows ``message``; it never parses messages.
/// Storage and programming failures are other errors (they are the service's fault, a 5xx).
public enum VerificationError: Error, Sendable, Equatable {
    /// No link has this token (or the token is malformed). `link_not_found`
    case linkNotFound
    /// The link's expiry has passed. `link_expired`
    case linkExpired
    /// An admin revoked the link. `link_revoked`
    case linkRevoked
    /// Too many consecutive wrong codes locked the link until an admin unlocks it. `link_locked`
    case linkLocked
    /// The entered text is not an email address. `invalid_email`
    case invalidEmail
    /// Too many code mails or wrong codes for this (link, address) in the window; try after the delay. `rate_limited`
    case rateLimited(retryAfterSeconds: Int)
    /// The resend cooldown has not passed yet. `too_soon`
    case tooSoon(retryAfterSeconds: Int)
    /// No challenge has this id. `challenge_not_found`
    case challengeNotFound
    /// Every code of the challenge has expired, or it was already used: start over. `challenge_expired`
    case challengeExpired
    /// Too many wrong codes locked the challenge: start over. `challenge_locked`
    case challengeLocked
    /// The code is wrong; `attemptsLeft` more tries remain before a lock. `invalid_code`
    case invalidCode(attemptsLeft: Int)
    /// The access token is missing, wrong, expired or for another link. `unauthorized`
    case unauthorized
    /// No stored file has this id. `file_not_found`
    case fileNotFound
    /// An admin or configuration input is invalid; `field` names it (`recipients[1]`, `expiresAt`). `invalid_request`
    case invalidRequest(field: String, reason: String)

    /// The stable machine code of the error(`link_not_found`, `invalid_code`, …).
    public var code: String {
        switch self {
        case .linkNotFound: "link_not_found"
        case .linkExpired: "link_expired"
        case .linkRevoked: "link_revoked"
        case .linkLocked: "link_locked"
        case .invalidEmail: "invalid_email"
        case .rateLimited: "rate_limited"
        case .tooSoon: "too_soon"
        case .challengeNotFound: "challenge_not_found"
        case .challengeExpired: "challenge_expired"
        case .challengeLocked: "challenge_locked"
        case .invalidCode: "invalid_code"
        case .unauthorized: "unauthorized"
        case .fileNotFound: "file_not_found"
        case .invalidRequest: "invalid_request"
        }
    }

    /// An English sentence for the person who caused the error; never contains a code or token.
    public var message: String {
        switch self {
        case .linkNotFound: "This link does not exist. Check that you copied the whole link."
        case .linkExpired: "This link has expired. Ask the sender to share the file again."
        case .linkRevoked: "This link was revoked by its sender."
        case .linkLocked: "This link is locked after too many wrong codes. Ask the sender to unlock it."
        case .invalidEmail: "Enter a valid email address, like name@example.com."
        case .rateLimited(let seconds): "Too many attempts. Try again in \(seconds) seconds."
        case .tooSoon(let seconds): "A new code can be sent in \(seconds) seconds."
        case .challengeNotFound: "This verification does not exist. Start over."
        case .challengeExpired: "This code has expired or was already used. Start over to get a new code."
        case .challengeLocked: "Too many wrong codes. Start over to get a new code."
        case .invalidCode(let left): "The code is not correct. \(left) attempt\(left == 1 ? "" : "s") left."
        case .unauthorized: "Verify your email address again to open this file."
        case .fileNotFound: "No stored file has this id."
        case .invalidRequest(let field, let reason): "\(field): \(reason)"
        }
    }

    /// Seconds to wait before trying again, for `rate_limited` and `too_soon` (the `Retry-After` header).
    public var retryAfterSeconds: Int? {
        switch self {
        case .rateLimited(let seconds), .tooSoon(let seconds): seconds
        default: nil
        }
    }

    /// Tries left before a lock, for `invalid_code`.
    public var attemptsLeft: Int? {
        if case .invalidCode(let left) = self { return left }
        return nil
    }

    /// The input that was rejected, for `invalid_request`.
    public var field: String? {
        if case .invalidRequest(let field, _) = self { return field }
        return nil
    }
}

extension VerificationError: CustomStringConvertible {
    /// `code: message`, for logs and test failures.
    public var description: String { "\(code): \(message)" }
}
