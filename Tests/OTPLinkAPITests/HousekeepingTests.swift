import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinkMail
import Testing
@testable import OTPLinkAPI

@Suite("Housekeeping: the mail queue in /metrics, old records swept from the database")
struct HousekeepingTests {
    @Test("The metrics show mail waiting in the queue while the mail server refuses connections")
    func queueGauge() async throws {
        // Nothing listens on port 1 of the loopback: every delivery fails transiently and the mail stays queued.
        let service = try TestService { configuration in
            configuration.mailTransport = .smtp(try! SMTPConfiguration(url: "smtp://127.0.0.1:1?starttls=off"))
        }
        try await service.test { client in
            let link = try await service.share(client)
            #expect(try await client.startChallenge(link.token, email: "alice@example.com").status == .accepted)
            #expect(try await client.startChallenge(link.token, email: "alice@example.com").status == .accepted)
            let metrics = try await client.execute(uri: "/api/v1/admin/metrics", method: .get, headers: service.adminHeaders).text
            #expect(metrics.contains(#"otplink_mail_queue_messages{state="pending"} 2"#), "\(metrics)")
            #expect(metrics.contains(#"otplink_mail_queue_messages{state="failed"} 0"#), "\(metrics)")
        }
    }

    @Test("A code mail goes out as soon as the challenge is answered, not at the mail worker's next poll")
    func codeMailWithoutWaitingForThePoll() async throws {
        let service = try TestService { configuration in
            configuration.mailPollInterval = .seconds(3600)
        }
        try await service.test { client in
            let link = try await service.share(client)
            // The worker's first pass ran at start; without the doorbell the next one is an hour away.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await client.startChallenge(link.token, email: "alice@example.com").status == .accepted)
            #expect(try await service.outbox.codes(to: "alice@example.com").count == 1)
            let challenge = try await client.startChallenge(link.token, email: "alice@example.com")
            #expect(challenge.status == .accepted)
            #expect(try await service.outbox.codes(to: "alice@example.com", count: 2).count == 2)
        }
    }

    @Test("Codes older than every rule's window and audit events past their retention are deleted; withheld mail never stays; links stay")
    func retentionSweep() async throws {
        let service = try TestService { configuration in
            configuration.retentionSweepInterval = .milliseconds(20)
        }
        let database = service.dataFolder.url.appendingPathComponent("otplink.sqlite").path
        try await service.test { client in
            let link = try await service.share(client)
            // A stranger's challenge: its code digest is stored like anyone's, and its withheld mail goes
            // through the mail worker like anyone's, then leaves the queue.
            #expect(try await client.startChallenge(link.token, email: "mallory@elsewhere.test").status == .accepted)
            #expect(try await emptied(database, "mail_queue"), "the withheld mail left the queue within 5 s")
            #expect(try rows(in: database, "codes") == 1, "a fresh code outlives the sweeps")

            service.clock.advance(by: 8 * 24 * 3600)
            #expect(try await emptied(database, "codes"), "swept within 5 s")
            #expect(try rows(in: database, "links") == 1)
            #expect(try rows(in: database, "events") > 0, "events are kept for 400 days")
            #expect(try await client.inspectLink(link.token).status == .gone, "the link itself expired meanwhile")

            service.clock.advance(by: 400 * 24 * 3600)
            #expect(try await emptied(database, "events"), "events past their retention swept within 5 s")
            #expect(try rows(in: database, "links") == 1)
        }
    }

    /// Whether `table` is empty within 5 s (the sweeper runs every 20 ms here).
    private func emptied(_ database: String, _ table: String) async throws -> Bool {
        for _ in 0..<250 {
            if try rows(in: database, table) == 0 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private func rows(in database: String, _ table: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: database, configuration: configuration)
        return try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }
}
