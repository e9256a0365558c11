import Foundation
import Testing
import LinkStorage
import LinkVerification

/// What only the real SQLite file can show: concurrency, what its bytes hold, restarts, its settings.
struct SQLiteStoreTests {
    @Test("of many simultaneous verifies of the same correct code exactly one succeeds")
    func singleUseUnderConcurrency() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, maybeCode) = try await harness.challenge(link, "carol@customer.net")
        let code = try #require(maybeCode)
        let verifier = harness.verifier
        let outcomes = await withTaskGroup(of: Result<Verified, any Error>.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    do { return .success(try await verifier.verify(challengeID: id, code: code)) } catch { return .failure(error) }
                }
            }
            var outcomes: [Result<Verified, any Error>] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let successes = outcomes.compactMap { try? $0.get() }
        #expect(successes.count == 1)
        let refusals = outcomes.compactMap { outcome -> VerificationError? in
            if case .failure(let error) = outcome { return error as? VerificationError }
            return nil
        }
        #expect(refusals == Array(repeating: .challengeExpired, count: 23))
        #expect(try await harness.verifier.events(linkID: link.linkID).filter { $0.kind == .verified }.count == 1)
    }

    @Test("simultaneous wrong codes are all counted: the challenge locks at exactly 5")
    func concurrentWrongCodes() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        let verifier = harness.verifier
        let wrong = Harness.wrong(code)
        let errors = await withTaskGroup(of: VerificationError?.self) { group in
            for _ in 0..<12 {
                group.addTask { try? await domainError { _ = try await verifier.verify(challengeID: id, code: wrong) } }
            }
            var errors: [VerificationError?] = []
            for await error in group { errors.append(error) }
            return errors
        }
        let left = errors.compactMap { $0?.attemptsLeft }.sorted()
        #expect(left == [0, 1, 2, 3, 4])
        #expect(errors.filter { $0 == .challengeLocked }.count == 7)
    }

    @Test("of many simultaneous challenge starts for one address exactly the hourly 5 get through")
    func concurrentStarts() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let verifier = harness.verifier
        let errors = await withTaskGroup(of: VerificationError?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try? await domainError { _ = try await verifier.startChallenge(token: link.token, email: "carol@customer.net") }
                }
            }
            var errors: [VerificationError?] = []
            for await error in group { errors.append(error) }
            return errors
        }
        #expect(errors.filter { $0 == nil }.count == 5)
        #expect(errors.filter { $0 == .rateLimited(retryAfterSeconds: 3600) }.count == 11)
        try await harness.dispatcher.deliverDue()
        #expect(harness.delivery.codes(to: "carol@customer.net").count == 5)
    }

    @Test("what a call acknowledged is in the files at once: a copy taken without closing (a crash) holds it")
    func crashCopy() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))

        // Copy the database and its WAL as they are on disk while the store is still open, no checkpoint.
        let crashed = harness.folder.appendingPathComponent("crashed", isDirectory: true)
        try FileManager.default.createDirectory(at: crashed, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(
                atPath: harness.databaseURL.path + suffix, toPath: crashed.appendingPathComponent("otplink.sqlite" + suffix).path)
        }
        let recovered = try SQLiteLinkStore(path: crashed.appendingPathComponent("otplink.sqlite").path)
        let verifier = try LinkVerifier(
            store: recovered, files: harness.files, secret: harness.secret, clock: harness.clock)
        let content = try await verifier.openContent(token: link.token, accessToken: verified.accessToken)
        #expect(content.file.name == "Report Q3 (연말).pdf")
        #expect(try await verifier.events(linkID: link.linkID).map(\.kind).suffix(2) == [.verified, .contentFetched])
    }

    @Test("the database file holds no code, no token and no link URL in plain text")
    func noSecretsAtRest() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share(notify: true)
        let started = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        harness.clock.advance(by: 60)
        _ = try await harness.verifier.resend(challengeID: started.challengeID)
        try await harness.dispatcher.deliverDue()
        let codes = harness.delivery.codes(to: "carol@customer.net")
        #expect(codes.count == 2)
        let verified = try await harness.verifier.verify(challengeID: started.challengeID, code: codes[0])
        // Queue more mail that stays in the queue while the bytes are read.
        _ = try await harness.verifier.startChallenge(token: link.token, email: "team@example.com")
        let pending = try await harness.store.read { try $0.queuedMail() }
        #expect(pending.count == 1)

        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            bytes += (try? Data(contentsOf: URL(fileURLWithPath: harness.databaseURL.path + suffix))) ?? Data()
        }
        #expect(bytes.count > 4096)
        #expect(bytes.range(of: Data("carol@customer.net".utf8)) != nil, "the search does see plain text")
        let secrets = codes + [link.token, verified.accessToken, link.url, "link/#"]
        for secret in secrets {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "found \(secret.count) characters of a secret in the database")
        }
        let secretKey = Data(harness.secret.bytes)
        #expect(bytes.range(of: secretKey) == nil)
    }

    @Test("a restart keeps links, challenges, grants, the mail queue and the audit trail")
    func restart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otplink-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = ServerSecret.generate()
        let clock = ManualClock()
        var before: Harness? = try await Harness(.sqlite, folder: folder, secret: secret)
        let first = try #require(before)
        first.clock.set(clock.now())
        let link = try await first.share()
        let done = try await first.challenge(link, "carol@customer.net")
        let verified = try await first.verifier.verify(challengeID: done.id, code: try #require(done.code))
        let open = try await first.challenge(link, "ann@example.com")
        first.clock.advance(by: 61)
        _ = try await first.verifier.resend(challengeID: open.id)  // queued, not yet delivered
        let wrong = try await domainError { _ = try await first.verifier.verify(challengeID: open.id, code: Harness.wrong(open.code)) }
        #expect(wrong == .invalidCode(attemptsLeft: 4))
        let eventsBefore = try await first.verifier.events(linkID: link.linkID)
        before = nil  // closes the database

        let after = try await Harness(.sqlite, folder: folder, secret: secret)
        after.clock.set(first.clock.now())
        #expect(try await after.verifier.inspectLink(token: link.token).expiresAt == link.link.expiresAt)
        #expect(try await after.verifier.events(linkID: link.linkID) == eventsBefore)
        let content = try await after.verifier.openContent(token: link.token, accessToken: verified.accessToken)
        #expect(try await content.bytes() == Harness.fileBytes)
        // The queued resend goes out after the restart, and the challenge remembers its wrong code.
        #expect(try await after.dispatcher.deliverDue() == .init(delivered: 1))
        let resent = try #require(after.delivery.codes(to: "ann@example.com").first)
        let wrongAgain = try await domainError { _ = try await after.verifier.verify(challengeID: open.id, code: Harness.wrong(resent)) }
        #expect(wrongAgain == .invalidCode(attemptsLeft: 3))
        _ = try await after.verifier.verify(challengeID: open.id, code: resent)
        #expect(try await after.verifier.directory() == Harness.directory)
    }

    @Test("the database is WAL, synchronous FULL, migrated, and private to its owner")
    func settings() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let store = try #require(harness.store as? SQLiteLinkStore)
        #expect(try await store.journalMode() == "wal")
        #expect(try await store.synchronousLevel() == 2)
        #expect(try await store.appliedMigrations() == [
            "v1: links, challenges, codes, grants, directory, events, mail queue", "v2: directory revision",
            "v3: audit retention and coalesced refusals",
        ])
        _ = try await harness.share()
        let attributes = try FileManager.default.attributesOfItem(atPath: harness.databaseURL.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let wal = try FileManager.default.attributesOfItem(atPath: harness.databaseURL.path + "-wal")
        #expect((wal[.posixPermissions] as? Int) == 0o600)
        // Opening it again migrates nothing twice.
        let again = try SQLiteLinkStore(path: harness.databaseURL.path)
        #expect(try await again.appliedMigrations().count == 3)
    }

    @Test("a database that cannot be opened is reported with its path")
    func unopenable() {
        do {
            _ = try SQLiteLinkStore(path: "/nonexistent-folder-otplink/otplink.sqlite")
            Issue.record("opening should fail")
        } catch {
            #expect(String(describing: error).contains("/nonexistent-folder-otplink/otplink.sqlite"))
        }
    }
}
