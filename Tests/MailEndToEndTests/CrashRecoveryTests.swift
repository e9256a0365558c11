import Foundation
import SMTPTestSupport
import Testing

@Suite("Queued mail survives the API being killed")
struct CrashRecoveryTests {
    @Test("otplink-api killed with SIGKILL while mail waits for a down SMTP server; restarted on the same data folder, it delivers every message")
    func killedAndRestarted() async throws {
        let scratch = try Scratch()
        let port = try SMTPSink.closedPort()
        let policy = scratch.path("policy.json")
        // Short retries and a short lease, so a message taken just before the kill goes out again soon.
        try Data(#"{"mailRetryBaseDelay": 0.2, "mailRetryMaximumDelay": 1, "mailDeliveryAttempts": 100, "mailLease": 2}"#.utf8).write(to: policy)
        let keyFile = scratch.path("admin.key")
        try Data(InProcessAPI.adminKey.utf8).write(to: keyFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let arguments = [
            "--data", scratch.path("data").path, "--admin-key-file", keyFile.path, "--policy-file", policy.path,
            "--templates", Scratch.templates.path, "--site-url", "https://help.example.com", "--log-level", "warning",
            "--mail-from", "Help Center <no-reply@help.example.com>", "--smtp-url", "smtp://127.0.0.1:\(port)?starttls=off&timeout=2",
        ]

        let first = try APIProcess.start(arguments)
        var api = APIClient(port: first.port, adminKey: InProcessAPI.adminKey)
        let link = try await api.share(with: ["alice@example.com", "bob@example.com"], notify: true)
        let challenge = try await api.startChallenge(token: link.token, email: "alice@example.com")
        #expect(try await APIClient.eventually { try await api.mailCount("retried") >= 3 }, "every mail tried once")
        first.kill()
        #expect(first.terminationReason == .uncaughtSignal)

        let sink = try SMTPSink.start(.init(port: port), in: scratch.path("sink"))
        let second = try APIProcess.start(arguments)
        defer { second.kill() }
        api = APIClient(port: second.port, adminKey: InProcessAPI.adminKey)
        let received = try await sink.waitForMessages(3)
        #expect(received.count == 3)
        #expect(Set(received.flatMap(\.rcptTos)) == ["alice@example.com", "bob@example.com"])
        let codeMail = try #require(received.first { oneTimeCode(in: $0.mime.part("text/plain")) != nil })
        let code = try #require(oneTimeCode(in: codeMail.mime.part("text/plain")))
        #expect(try await api.verify(challengeID: challenge, code: code) != nil, "the code queued before the crash verifies after it")
        #expect(try await APIClient.eventually {
            try await api.events(linkID: link.linkID).filter { $0["kind"] as? String == "mail_sent" }.count == 3
        })
    }
}
