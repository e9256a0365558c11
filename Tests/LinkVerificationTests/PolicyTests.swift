import Foundation
import Testing
import LinkVerification

struct PolicyTests {
    @Test("the defaults are the documented policy table")
    func defaults() throws {
        let policy = Policy()
        #expect(policy.codeLength == 6)
        #expect(policy.codeLifetime == 600)
        #expect(policy.resendCooldown == 60)
        #expect(policy.wrongCodesPerChallenge == 5)
        #expect(policy.wrongCodesPerAddressPerWindow == 10)
        #expect(policy.consecutiveWrongCodesPerLink == 100)
        #expect(policy.codeMailsPerAddressPerWindow == 5)
        #expect(policy.rateWindow == 3600)
        #expect(policy.accessTokenLifetime == 12 * 3600)
        #expect(policy.linkTokenBytes == 16)
        #expect(policy.accessTokenBytes == 32)
        try policy.validate()
    }

    @Test("a policy weaker than NIST SP 800-63B allows is refused, naming the setting")
    func refusesWeakSettings() {
        #expect(throws: VerificationError.invalidRequest(field: "policy.codeLength", reason: "must be between 6 and 12 digits")) {
            try Policy(codeLength: 4).validate()
        }
        #expect(throws: VerificationError.invalidRequest(field: "policy.linkTokenBytes", reason: "must be between 16 and 64")) {
            try Policy(linkTokenBytes: 8).validate()
        }
        #expect(throws: VerificationError.self) { try Policy(wrongCodesPerChallenge: 0).validate() }
    }

    @Test("every error has the stable code the HTTP layer maps", arguments: [
        (VerificationError.linkNotFound, "link_not_found"), (.linkExpired, "link_expired"), (.linkRevoked, "link_revoked"),
        (.linkLocked, "link_locked"), (.invalidEmail, "invalid_email"), (.rateLimited(retryAfterSeconds: 5), "rate_limited"),
        (.tooSoon(retryAfterSeconds: 5), "too_soon"), (.challengeNotFound, "challenge_not_found"),
        (.challengeExpired, "challenge_expired"), (.challengeLocked, "challenge_locked"),
        (.invalidCode(attemptsLeft: 2), "invalid_code"), (.unauthorized, "unauthorized"), (.fileNotFound, "file_not_found"),
        (.invalidRequest(field: "sender", reason: "bad"), "invalid_request"),
    ])
    func codes(error: VerificationError, code: String) {
        #expect(error.code == code)
        #expect(!error.message.isEmpty)
    }

    @Test("retry-after, attempts left and the field travel with their errors")
    func details() {
        #expect(VerificationError.rateLimited(retryAfterSeconds: 42).retryAfterSeconds == 42)
        #expect(VerificationError.tooSoon(retryAfterSeconds: 7).retryAfterSeconds == 7)
        #expect(VerificationError.invalidCode(attemptsLeft: 3).attemptsLeft == 3)
        #expect(VerificationError.invalidCode(attemptsLeft: 1).message.contains("1 attempt left"))
        #expect(VerificationError.invalidRequest(field: "recipients[2]", reason: "x").field == "recipients[2]")
        #expect(VerificationError.linkNotFound.retryAfterSeconds == nil)
    }
}

struct PolicyDecodingTests {
    @Test("a policy decodes from JSON with only the numbers that differ from the defaults")
    func partialJSON() throws {
        let policy = try JSONDecoder().decode(Policy.self, from: Data(#"{"codeLength": 8, "rateWindow": 1800}"#.utf8))
        #expect(policy.codeLength == 8)
        #expect(policy.rateWindow == 1800)
        #expect(policy.codeLifetime == 600)
        #expect(try JSONDecoder().decode(Policy.self, from: JSONEncoder().encode(policy)) == policy)
    }
}
