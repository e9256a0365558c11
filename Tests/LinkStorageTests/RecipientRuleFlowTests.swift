import Foundation
import Testing
import LinkStorage
import LinkVerification

/// The mailing-list rules through the whole service: who gets a code mail, and that everyone gets the same answer.
struct RecipientRuleFlowTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let internalSender: Bool
        let entered: String
        /// The address the code mail goes to, or nil when the address may not open the link.
        let mailedTo: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "recipient person", internalSender: true, entered: "carol@customer.net", mailedTo: "carol@customer.net"),
        Case(name: "recipient list", internalSender: true, entered: "team@example.com", mailedTo: "team@example.com"),
        Case(name: "recipient list, external sender", internalSender: false, entered: "team@example.com", mailedTo: "team@example.com"),
        Case(name: "internal member of the list, internal sender", internalSender: true, entered: "ann@example.com", mailedTo: "ann@example.com"),
        Case(name: "same member, external sender", internalSender: false, entered: "ann@example.com", mailedTo: nil),
        Case(name: "external member of the list", internalSender: true, entered: "partner@other.org", mailedTo: nil),
        Case(name: "stranger", internalSender: true, entered: "eve@evil.test", mailedTo: nil),
        Case(name: "recipient, other case and spaces", internalSender: true, entered: "  CAROL@Customer.Net ", mailedTo: "carol@customer.net"),
        Case(name: "member, other case", internalSender: true, entered: "Ann@Example.COM", mailedTo: "ann@example.com"),
    ]

    @Test("who gets a code mail", arguments: StoreKind.allCases, cases)
    func rule(_ kind: StoreKind, _ test: Case) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share(sender: test.internalSender ? "Boss@Example.com" : "someone@vendor.io")
        let started = try await harness.verifier.startChallenge(token: link.token, email: test.entered)
        #expect(started.codeLength == 6 && started.resendAfterSeconds == 60)
        #expect(started.expiresAt == harness.clock.now().addingTimeInterval(600))
        try await harness.dispatcher.deliverDue()
        #expect(harness.delivery.mails.map(\.recipient) == (test.mailedTo.map { [$0] } ?? []))
        let event = try #require(try await harness.verifier.events(linkID: link.linkID).first { $0.kind == .challengeStarted })
        #expect(event.mayOpen == (test.mailedTo != nil))
    }
}
