import Foundation
import Testing
import LinkStorage
import LinkVerification
import PostgresTestSupport

/// What only a PostgreSQL shared by several instances can show: two stores (two instances) on one
/// database, migrations and the secret check, files in chunks, the shared per-client limit.
struct PostgresStoreTests {
    /// A harness, and a second instance on its database with the same secret and clock.
    private func twoInstances(policy: Policy = Policy()) async throws -> (Harness, Harness) {
        let first = try await Harness(.postgres, policy: policy)
        let second = try await Harness(.postgres, policy: policy, secret: first.secret, database: first.database)
        second.clock.set(first.clock.now())
        return (first, second)
    }

    @Test("of 24 simultaneous correct verifies spread over two instances exactly one succeeds")
    func oneGrantAcrossInstances() async throws {
        let (first, second) = try await twoInstances()
        defer { first.removeFolder(); second.removeFolder() }
        let link = try await first.share()
        let (id, maybeCode) = try await first.challenge(link, "carol@customer.net")
        let code = try #require(maybeCode)
        let verifiers = [first.verifier, second.verifier]
        let successes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<24 {
                group.addTask { (try? await verifiers[n % 2].verify(challengeID: id, code: code)) != nil }
            }
            var successes = 0
            for await success in group where success { successes += 1 }
            return successes
        }
        #expect(successes == 1)
        #expect(try await second.verifier.events(linkID: link.linkID).filter { $0.kind == .verified }.count == 1)
    }

    @Test("wrong codes on two instances count toward one budget: the challenge locks at exactly 5")
    func wrongCodesAcrossInstances() async throws {
        let (first, second) = try await twoInstances()
        defer { first.removeFolder(); second.removeFolder() }
        let link = try await first.share()
        let (id, code) = try await first.challenge(link, "carol@customer.net")
        let verifiers = [first.verifier, second.verifier]
        let wrong = Harness.wrong(code)
        let errors = await withTaskGroup(of: VerificationError?.self) { group in
            for n in 0..<12 {
                group.addTask { try? await domainError { _ = try await verifiers[n % 2].verify(challengeID: id, code: wrong) } }
            }
            var errors: [VerificationError?] = []
            for await error in group { errors.append(error) }
            return errors
        }
        #expect(errors.compactMap { $0?.attemptsLeft }.sorted() == [0, 1, 2, 3, 4])
        #expect(errors.filter { $0 == .challengeLocked }.count == 7)
    }

    @Test("a directory loaded on one instance is used by the other's next challenge")
    func directoryReloadSeenByAll() async throws {
        let (first, second) = try await twoInstances()
        defer { first.removeFolder(); second.removeFolder() }
        let link = try await first.share(recipients: ["team@example.com"])
        _ = try await second.verifier.startChallenge(token: link.token, email: "newcomer@example.com")
        #expect(try await second.latestCode(to: "newcomer@example.com") == nil, "not a member yet")
        let team = Harness.directory.lists[0]
        try await first.verifier.loadDirectory(Directory(
            domains: Harness.directory.domains,
            lists: [MailingList(address: team.address, members: team.members + [EmailAddress("newcomer@example.com")!])]))
        first.clock.advance(by: 120)
        second.clock.advance(by: 120)
        _ = try await second.verifier.startChallenge(token: link.token, email: "newcomer@example.com")
        #expect(try await second.latestCode(to: "newcomer@example.com") != nil, "a member of the reloaded list")
    }

    @Test("a file of several rows streams back whole and by range; a failed upload leaves nothing")
    func filesInRows() async throws {
        let harness = try await Harness(.postgres)
        defer { harness.removeFolder() }
        let bytes = Data((0..<(fileChunkSize * 2 + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await harness.files.write(bytes, id: "big-file")
        #expect(try await harness.files.read(id: "big-file", size: bytes.count) == bytes)
        var pieces: [Data] = []
        let across = (fileChunkSize - 10)..<(fileChunkSize + 10)
        try await harness.files.read(id: "big-file", range: across) { pieces.append($0) }
        #expect(pieces.map(\.count) == [10, 10], "a range across two rows comes as one piece of each")
        #expect(pieces.reduce(Data(), +) == bytes[across])

        struct Broken: Error {}
        let failing = AsyncThrowingStream<Data, any Error> { continuation in
            continuation.yield(Data(count: fileChunkSize + 1))
            continuation.finish(throwing: Broken())
        }
        await #expect(throws: Broken.self) { try await harness.files.write(id: "half-file", chunks: failing) }
        await #expect(throws: VerificationError.fileNotFound) { try await harness.files.read(id: "half-file", size: 1) }

        try await harness.files.write(Data("short".utf8), id: "big-file")
        #expect(try await harness.files.read(id: "big-file", size: 5) == Data("short".utf8), "a rewrite leaves no old row behind")
        try await harness.files.delete(id: "big-file")
        await #expect(throws: VerificationError.fileNotFound) { try await harness.files.read(id: "big-file", size: 5) }
        let rows = try await ThrowawayPostgres.count("SELECT COUNT(*) FROM file_chunks", in: try #require(harness.database))
        #expect(rows == 0, "no staging rows are left behind")
    }

    @Test("instances opening one database together migrate it once; a newer schema is refused")
    func migrations() async throws {
        let database = try await ThrowawayPostgres.newDatabase()
        let secret = ServerSecret.generate()
        let stores = try await withThrowingTaskGroup(of: PostgresLinkStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresLinkStore(address: database, secret: secret, connections: 1) } }
            var stores: [PostgresLinkStore] = []
            for try await store in group { stores.append(store) }
            return stores
        }
        #expect(try await stores[0].appliedVersions() == [1, 2])
        try await stores[0].write { tx in
            try tx.replaceDirectory(Harness.directory)
        }
        _ = try await PostgresLinkStore(address: database, secret: secret, connections: 1)
        try await ThrowawayPostgres.execute("INSERT INTO otplink_schema (version, name) VALUES (99, 'from the future')", in: database)
        let error = await #expect(throws: LinkStoreError.self) {
            _ = try await PostgresLinkStore(address: database, secret: secret, connections: 1)
        }
        #expect(error?.description.contains("schema version 99, newer than this otplink-api knows (2)") == true)
        for store in stores { await store.close() }
    }

    @Test("an instance started with another server secret is refused, naming the setting")
    func otherSecretRefused() async throws {
        let database = try await ThrowawayPostgres.newDatabase()
        let store = try await PostgresLinkStore(address: database, secret: ServerSecret.generate(), connections: 1)
        await store.close()
        let error = await #expect(throws: LinkStoreError.self) {
            _ = try await PostgresLinkStore(address: database, secret: ServerSecret.generate(), connections: 1)
        }
        #expect(error?.description.contains("another server secret") == true)
        #expect(error?.description.contains("--secret-file") == true)
    }

    @Test("the per-client limit is one budget across instances, per client")
    func sharedRateBuckets() async throws {
        let (first, second) = try await twoInstances()
        defer { first.removeFolder(); second.removeFolder() }
        let buckets = try [first, second].map { try #require($0.store as? PostgresLinkStore).rateBuckets(burst: 3, perMinute: 1) }
        var allowed: [Bool] = []
        for n in 0..<6 { allowed.append(try await buckets[n % 2].take(client: "203.0.113.9").allowed) }
        #expect(allowed == [true, true, true, false, false, false])
        #expect(try await buckets[1].take(client: "203.0.113.10").allowed, "another client has its own bucket")
    }

    @Test("a database URL is read strictly and never shows its password")
    func addresses() throws {
        let address = try PostgresAddress(url: "postgres://app:s%40cret@db.internal:6432/otplink?sslmode=verify-full")
        #expect(address.host == "db.internal" && address.port == 6432 && address.user == "app")
        #expect(address.password == "s@cret" && address.database == "otplink" && address.tlsMode == .verifyFull)
        #expect(!address.description.contains("cret"))
        #expect(try PostgresAddress(url: "postgres://app@127.0.0.1/otplink").tlsMode == .disable)
        #expect(try PostgresAddress(url: "postgresql://app@db.internal/otplink").tlsMode == .require)
        for (url, complaint) in [
            ("postgres://app@db/otplink?sslmod=require", "unknown setting `sslmod`"),
            ("postgres://app@db/otplink?sslmode=maybe", "sslmode must be"),
            ("postgres://app:hunter2@db/", "names no database"),
            ("postgres://db/otplink", "names no user"),
            ("mysql://app@db/otplink", "must look like postgres://"),
        ] {
            let error = #expect(throws: LinkStoreError.self) { try PostgresAddress(url: url) }
            #expect(error?.description.contains(complaint) == true, "\(url): \(error?.description ?? "")")
            #expect(error?.description.contains("hunter2") == false)
        }
    }
}
