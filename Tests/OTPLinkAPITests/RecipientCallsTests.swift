import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

@Suite("Recipient calls: link, challenge, resend, verify, content")
struct RecipientCallsTests {
    @Test("The whole flow: inspect, challenge, code from the outbox, verify, download the same bytes")
    func wholeFlow() async throws {
        let service = try TestService()
        try await service.test { client in
            let bytes = Array("%PDF-1.7 the numbers".utf8)
            let link = try await service.share(client, name: "Rapport été.pdf", bytes: bytes)
            #expect(link.url == "https://help.example.com/en/link/#\(link.token)")

            let inspected = try await client.inspectLink(link.token)
            #expect(inspected.status == .ok)
            #expect(Set(inspected.json.keys) == ["status", "expiresAt", "codeLength"])
            #expect(inspected.json["status"] as? String == "active")
            #expect(inspected.json["codeLength"] as? Int == 6)

            let (challengeID, code) = try await service.challenge(client, link, email: " Alice@Example.COM ", mailbox: "alice@example.com")
            #expect(code.count == 6)

            let verified = try await client.verifyCode(challengeID, code: code)
            #expect(verified.status == .ok)
            let file = verified.json["file"] as? [String: Any]
            #expect(file?["name"] as? String == "Rapport été.pdf")
            #expect(file?["size"] as? Int == bytes.count)
            #expect(file?["contentType"] as? String == "application/pdf")
            let accessToken = try #require(verified.json["accessToken"] as? String)

            let content = try await client.content(link.token, accessToken: accessToken)
            #expect(content.status == .ok)
            #expect(Array(buffer: content.body) == bytes)
            #expect(content.headers[.contentType] == "application/pdf")
            #expect(content.headers[.contentDisposition] == #"attachment; filename="Rapport _t_.pdf"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf"#)
            #expect(content.headers[.cacheControl] == "no-store")
        }
    }

    @Test("A stranger gets the same answer as a recipient, and no mail")
    func strangerLooksTheSame() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let recipient = try await client.startChallenge(link.token, email: "alice@example.com")
            let stranger = try await client.startChallenge(link.token, email: "mallory@evil.example")
            #expect(recipient.status == .accepted)
            #expect(stranger.status == .accepted)
            #expect(Set(recipient.json.keys) == Set(stranger.json.keys))
            #expect(Set(stranger.json.keys) == ["challengeId", "expiresAt", "resendAfterSeconds", "codeLength"])
            #expect(recipient.json["resendAfterSeconds"] as? Int == stranger.json["resendAfterSeconds"] as? Int)
            _ = try await service.outbox.codes(to: "alice@example.com")
            #expect(service.outbox.messages(to: "mallory@evil.example").isEmpty)
        }
    }

    @Test("GET /links/{token}: 404 unknown, 410 revoked, 410 expired")
    func linkErrors() async throws {
        let service = try TestService()
        try await service.test { client in
            let unknown = try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "link_not_found")
            #expect(try await client.inspectLink("not-a-token!").errorCode == "link_not_found")

            let revoked = try await service.share(client)
            #expect(try await client.revokeLink(revoked.linkID, headers: service.adminHeaders).status == .noContent)
            let afterRevoke = try await client.inspectLink(revoked.token)
            #expect(afterRevoke.status == .gone)
            #expect(afterRevoke.errorCode == "link_revoked")

            let expiring = try await service.share(client)
            service.clock.advance(by: 8 * 86400)
            let afterExpiry = try await client.inspectLink(expiring.token)
            #expect(afterExpiry.status == .gone)
            #expect(afterExpiry.errorCode == "link_expired")
            #expect(try await client.startChallenge(expiring.token, email: "alice@example.com").errorCode == "link_expired")
        }
    }

    @Test("Wrong codes: 400 invalid_code with attemptsLeft, then 423 challenge_locked; the link locks and an admin unlocks it")
    func wrongCodesAndLocks() async throws {
        let service = try TestService { configuration in
            configuration.policy.wrongCodesPerChallenge = 2
            configuration.policy.consecutiveWrongCodesPerLink = 4
        }
        try await service.test { client in
            let link = try await service.share(client)
            let (first, code) = try await service.challenge(client, link, email: "alice@example.com")
            let wrong = code == "000000" ? "111111" : "000000"

            let once = try await client.verifyCode(first, code: wrong)
            #expect(once.status == .badRequest)
            #expect(once.errorCode == "invalid_code")
            #expect(once.error["attemptsLeft"] as? Int == 1)
            let twice = try await client.verifyCode(first, code: wrong)
            #expect(twice.errorCode == "invalid_code")
            #expect(twice.error["attemptsLeft"] as? Int == 0)
            let locked = try await client.verifyCode(first, code: code)
            #expect(locked.status == .locked)
            #expect(locked.errorCode == "challenge_locked")
            #expect(try await client.resendCode(first).errorCode == "challenge_locked")

            let (second, _) = try await service.challenge(client, link, email: "alice@example.com", codesBefore: 1)
            _ = try await client.verifyCode(second, code: wrong)
            _ = try await client.verifyCode(second, code: wrong)
            let linkLocked = try await client.inspectLink(link.token)
            #expect(linkLocked.status == .locked)
            #expect(linkLocked.errorCode == "link_locked")

            #expect(try await client.unlockLink(link.linkID, headers: service.adminHeaders).status == .noContent)
            #expect(try await client.inspectLink(link.token).status == .ok)
        }
    }

    @Test("A code works once: the second verify with it is 410 challenge_expired")
    func singleUse() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
            #expect(try await client.verifyCode(id, code: code).status == .ok)
            let again = try await client.verifyCode(id, code: code)
            #expect(again.status == .gone)
            #expect(again.errorCode == "challenge_expired")
        }
    }

    @Test("Eight simultaneous verifies with the right code: exactly one access token")
    func singleUseUnderConcurrency() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.verifyCode(id, code: code).status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 410 }.count == 7)
        }
    }

    @Test("Codes expire: 410 challenge_expired after the lifetime")
    func codeExpiry() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
            service.clock.advance(by: 601)
            let late = try await client.verifyCode(id, code: code)
            #expect(late.status == .gone)
            #expect(late.errorCode == "challenge_expired")
            #expect(try await client.resendCode(id).errorCode == "challenge_expired")
        }
    }

    @Test("Resend: 429 too_soon with Retry-After, then a new code; the earlier one stays valid")
    func resend() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let (id, firstCode) = try await service.challenge(client, link, email: "alice@example.com")
            let early = try await client.resendCode(id)
            #expect(early.status == .tooManyRequests)
            #expect(early.errorCode == "too_soon")
            #expect(early.headers[.retryAfter] == "60")

            service.clock.advance(by: 61)
            let resent = try await client.resendCode(id)
            #expect(resent.status == .accepted)
            #expect(Set(resent.json.keys) == ["expiresAt", "resendAfterSeconds"])
            let codes = try await service.outbox.codes(to: "alice@example.com", count: 2)
            #expect(codes.count == 2)
            #expect(try await client.verifyCode(id, code: firstCode).status == .ok)
        }
    }

    @Test("Unknown challenges are 404 challenge_not_found")
    func unknownChallenge() async throws {
        try await TestService().test { client in
            #expect(try await client.resendCode("nope").errorCode == "challenge_not_found")
            let verify = try await client.verifyCode("AAAAAAAAAAAAAAAAAAAAAA", code: "123456")
            #expect(verify.status == .notFound)
            #expect(verify.errorCode == "challenge_not_found")
        }
    }

    @Test("Six challenges for one address in an hour: 429 rate_limited with Retry-After")
    func mailsPerAddressLimited() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            for _ in 0..<5 {
                #expect(try await client.startChallenge(link.token, email: "alice@example.com").status == .accepted)
            }
            let limited = try await client.startChallenge(link.token, email: "alice@example.com")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test("An address that is not one is 400 invalid_email")
    func invalidEmail() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            for email in ["", "alice", "alice@", "@example.com", "a b@example.com"] {
                let response = try await client.startChallenge(link.token, email: email)
                #expect(response.status == .badRequest, "\(email)")
                #expect(response.errorCode == "invalid_email", "\(email)")
            }
        }
    }

    @Test("Content: 401 without a token, with a wrong one, or with another link's")
    func contentUnauthorized() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let other = try await service.share(client, recipients: ["bob@example.com"])
            let (id, code) = try await service.challenge(client, other, email: "bob@example.com")
            let otherToken = try #require(try await client.verifyCode(id, code: code).json["accessToken"] as? String)

            for accessToken in [nil, "garbage", String(repeating: "A", count: 43), otherToken] {
                let response = try await client.content(link.token, accessToken: accessToken)
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthorized")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let basic = try await client.execute(uri: "/api/v1/links/\(link.token)/content", method: .get, headers: [.authorization: "Basic YTpi"])
            #expect(basic.status == .unauthorized)
        }
    }
}
