import Foundation
import Testing
import LinkStorage
import LinkVerification

/// The recipient's whole flow and the admin calls, against both stores.
struct FlowTests {
    @Test("a recipient enters their address, gets a code by mail, verifies it and downloads the file", arguments: StoreKind.allCases)
    func wholeFlow(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        #expect(link.url == "https://help.example.com/en/link/#\(link.token)")
        #expect(link.token.count == 22)

        let status = try await harness.verifier.inspectLink(token: link.token)
        #expect(status == LinkStatus(expiresAt: harness.clock.now().addingTimeInterval(7 * 86400), codeLength: 6))

        let started = try await harness.verifier.startChallenge(
            token: link.token, email: " Carol@Customer.net ", client: ClientInfo(ipAddress: "203.0.113.7"))
        #expect(started.codeLength == 6)
        #expect(started.resendAfterSeconds == 60)
        #expect(started.expiresAt == harness.clock.now().addingTimeInterval(600))
        #expect(harness.delivery.mails.isEmpty, "mail is only queued by the call, never sent inside it")

        let code = try #require(try await harness.latestCode(to: "carol@customer.net"))
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(harness.delivery.mails.first?.locale == "en")

        let verified = try await harness.verifier.verify(challengeID: started.challengeID, code: code)
        #expect(verified.accessToken.count == 43)
        #expect(verified.expiresAt == harness.clock.now().addingTimeInterval(12 * 3600))
        #expect(verified.file.name == "Report Q3 (연말).pdf")
        #expect(verified.file.size == Harness.fileBytes.count)
        #expect(verified.file.contentType == "application/pdf")

        let content = try await harness.verifier.openContent(
            token: link.token, accessToken: verified.accessToken, client: ClientInfo(ipAddress: "203.0.113.7"))
        #expect(try await content.bytes() == Harness.fileBytes)

        let kinds = try await harness.verifier.events(linkID: link.linkID).map(\.kind)
        #expect(kinds == [.linkCreated, .challengeStarted, .codeQueued, .mailSent, .verified, .contentFetched])
        let startedEvent = try #require(try await harness.verifier.events(linkID: link.linkID).first { $0.kind == .challengeStarted })
        #expect(startedEvent.address?.value == "carol@customer.net")
        #expect(startedEvent.clientIP == "203.0.113.7")
        #expect(startedEvent.mayOpen == true)
    }

    @Test("an address that may not open the link gets the same answer, no mail, and no code works", arguments: StoreKind.allCases)
    func strangerLooksTheSame(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()

        let allowed = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        let stranger = try await harness.verifier.startChallenge(token: link.token, email: "eve@evil.test")
        #expect(stranger.expiresAt == allowed.expiresAt)
        #expect(stranger.resendAfterSeconds == allowed.resendAfterSeconds)
        #expect(stranger.codeLength == allowed.codeLength)
        #expect(stranger.challengeID.count == allowed.challengeID.count)
        #expect(stranger.challengeID != allowed.challengeID)

        let report = try await harness.dispatcher.deliverDue()
        #expect(report == .init(delivered: 1, withheld: 1))
        #expect(harness.delivery.mails.map(\.recipient) == ["carol@customer.net"])
        #expect(harness.delivery.codes(to: "carol@customer.net") == ["777777"])
        #expect(harness.withheld.mails.map(\.recipient) == ["eve@evil.test"])

        // The stranger's challenge was issued the same code internally, yet it never opens the link.
        let refused = try await domainError {
            _ = try await harness.verifier.verify(challengeID: stranger.challengeID, code: "777777")
        }
        #expect(refused == .invalidCode(attemptsLeft: 4))
        _ = try await harness.verifier.verify(challengeID: allowed.challengeID, code: "777777")

        let events = try await harness.verifier.events(linkID: link.linkID).filter { $0.kind == .challengeStarted }
        #expect(events.map(\.mayOpen) == [true, false])
        #expect(events.map(\.address?.value) == ["carol@customer.net", "eve@evil.test"])
        // The trail tells the two apart; the rows the worker wrote after each challenge do not.
        let trail = try await harness.verifier.events(linkID: link.linkID)
        #expect(trail.contains { $0.kind == .codeWithheld })
        let sent = try #require(trail.first { $0.kind == .mailSent })
        let withheld = try #require(trail.first { $0.kind == .mailWithheld })
        #expect(sent.address?.value == "carol@customer.net" && withheld.address?.value == "eve@evil.test")
        #expect(sent.detail == withheld.detail)

        // The stranger's mail went through the withheld sink, never to the transport, and left the queue.
        harness.clock.advance(by: 86400)
        #expect(try await harness.dispatcher.deliverDue() == .init())
        #expect(harness.delivery.mails.map(\.recipient) == ["carol@customer.net"])
        #expect(try await harness.store.read { try $0.queuedMail() }.isEmpty)
    }

    @Test("an internal member of a recipient list gets the code at their own address", arguments: StoreKind.allCases)
    func listMember(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "ANN@example.com")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        #expect(verified.file.size == Harness.fileBytes.count)
        // The list's external member and, with an external sender, the internal one get nothing.
        _ = try await harness.challenge(link, "partner@other.org")
        let external = try await harness.share(sender: "someone@vendor.io")
        _ = try await harness.challenge(external, "ann@example.com")
        #expect(harness.delivery.mails.map(\.recipient) == ["ann@example.com"])
    }

    @Test("the email step refuses what is not an address, and unknown links", arguments: StoreKind.allCases)
    func badInput(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol") } == .invalidEmail)
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: "AAAAAAAAAAAAAAAAAAAAAA", email: "a@b.co") } == .linkNotFound)
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: "../../etc/passwd") } == .linkNotFound)
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: String(link.token.dropLast())) } == .linkNotFound)
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: "nope", code: "123456") } == .challengeNotFound)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: "nope") } == .challengeNotFound)
    }

    @Test("reading calls consume nothing: inspecting a link or downloading twice changes no state", arguments: StoreKind.allCases)
    func getsConsumeNothing(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        for _ in 0..<5 { _ = try await harness.verifier.inspectLink(token: link.token) }
        #expect(try await harness.verifier.events(linkID: link.linkID).map(\.kind) == [.linkCreated])
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        for _ in 0..<3 {
            let content = try await harness.verifier.openContent(token: link.token, accessToken: verified.accessToken)
            #expect(try await content.bytes() == Harness.fileBytes)
        }
        _ = try await harness.verifier.inspectLink(token: link.token)
    }

    @Test("an access token opens only its own link, and only for 12 hours", arguments: StoreKind.allCases)
    func accessTokens(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let first = try await harness.share()
        let second = try await harness.share()
        let (id, code) = try await harness.challenge(first, "carol@customer.net")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))

        #expect(try await domainError { _ = try await harness.verifier.openContent(token: second.token, accessToken: verified.accessToken) } == .unauthorized)
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: first.token, accessToken: "") } == .unauthorized)
        let forged = String(verified.accessToken.dropLast()) + (verified.accessToken.last == "A" ? "B" : "A")
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: first.token, accessToken: forged) } == .unauthorized)

        harness.clock.advance(by: 12 * 3600 - 1)
        _ = try await harness.verifier.openContent(token: first.token, accessToken: verified.accessToken)
        harness.clock.advance(by: 1)
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: first.token, accessToken: verified.accessToken) } == .unauthorized)
    }

    @Test("a revoked link stops opening, and its access tokens stop working", arguments: StoreKind.allCases)
    func revoke(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        try await harness.verifier.revoke(linkID: link.linkID, client: ClientInfo(ipAddress: "10.0.0.1"))
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: link.token) } == .linkRevoked)
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") } == .linkRevoked)
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: link.token, accessToken: verified.accessToken) } == .linkRevoked)
        let last = try #require(try await harness.verifier.events(linkID: link.linkID).last)
        #expect(last.kind == .linkRevoked && last.clientIP == "10.0.0.1")
        #expect(try await domainError { try await harness.verifier.revoke(linkID: "missing") } == .linkNotFound)
        #expect(try await domainError { _ = try await harness.verifier.events(linkID: "missing") } == .linkNotFound)
    }

    @Test("a link expires at its expiry, for every call", arguments: StoreKind.allCases)
    func linkExpiry(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share(expiresAt: harness.clock.now().addingTimeInterval(3600))
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        harness.clock.advance(by: 3600)
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: link.token) } == .linkExpired)
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") } == .linkExpired)
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: link.token, accessToken: verified.accessToken) } == .linkExpired)
    }

    @Test("notification mails: one per recipient address, a list gets one to the list address", arguments: StoreKind.allCases)
    func notifications(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share(recipients: ["carol@customer.net", "Team@Example.com", "carol@CUSTOMER.net"], notify: true)
        try await harness.dispatcher.deliverDue()
        let mails = harness.delivery.mails
        #expect(mails.map(\.recipient).sorted() == ["carol@customer.net", "team@example.com"])
        for mail in mails {
            guard case .linkShared(let sender, let fileName, let url, let expiresAt) = mail.content else {
                Issue.record("expected a notification, got \(mail.content)")
                continue
            }
            #expect(sender == "boss@example.com")
            #expect(fileName == "Report Q3 (연말).pdf")
            #expect(url == link.url)
            #expect(expiresAt == link.link.expiresAt)
        }
        let kinds = try await harness.verifier.events(linkID: link.linkID).map(\.kind)
        #expect(kinds.filter { $0 == .notificationQueued }.count == 2)
        #expect(kinds.filter { $0 == .mailSent }.count == 2)
    }

    @Test("admin input errors name the field", arguments: StoreKind.allCases)
    func adminValidation(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let file = try await harness.verifier.storeFile(name: "a.txt", contentType: nil, bytes: Data("x".utf8))
        #expect(file.contentType == "application/octet-stream")
        let v = harness.verifier
        let site = Harness.siteURL
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: [], sender: "a@b.co", siteURL: site) }?.field == "recipients")
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: ["a@b.co", "nope"], sender: "a@b.co", siteURL: site) }?.field == "recipients[1]")
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: ["a@b.co"], sender: "x", siteURL: site) }?.field == "sender")
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: ["a@b.co"], sender: "a@b.co", expiresAt: harness.clock.now(), siteURL: site) }?.field == "expiresAt")
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: ["a@b.co"], sender: "a@b.co", locale: "../x", siteURL: site) }?.field == "locale")
        #expect(try await domainError { _ = try await v.createLink(fileID: file.id, recipients: ["a@b.co"], sender: "a@b.co", siteURL: "javascript:alert(1)") }?.field == "siteURL")
        #expect(try await domainError { _ = try await v.createLink(fileID: "unknownfile", recipients: ["a@b.co"], sender: "a@b.co", siteURL: site) } == .fileNotFound)
        #expect(try await domainError { _ = try await v.createLink(fileID: "../../secret.key", recipients: ["a@b.co"], sender: "a@b.co", siteURL: site) } == .fileNotFound)
        #expect(try await domainError { _ = try await v.storeFile(name: "  ", bytes: Data()) }?.field == "name")
        #expect(try await domainError { _ = try await v.storeFile(name: "../evil", bytes: Data()) }?.field == "name")
        #expect(try await domainError { _ = try await v.storeFile(name: "ok.txt", contentType: "text/html\r\nX: y", bytes: Data()) }?.field == "contentType")
        let trailing = try await v.createLink(fileID: file.id, recipients: ["a@b.co"], sender: "a@b.co", locale: "pt-BR", siteURL: site + "/")
        #expect(trailing.url.hasPrefix("https://help.example.com/pt-BR/link/#"))
    }
}
