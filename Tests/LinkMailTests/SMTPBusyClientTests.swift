import Foundation
import SMTPTestSupport
import Testing
@testable import LinkMail

@Suite("A busy client does not blame the server")
struct SMTPBusyClientTests {
    @Test("a reply that arrives while every thread of this process is busy is taken, not timed out")
    func busyThreads() async throws {
        let sink = try SMTPSink.start(.init(mode: "slow"))
        let client = try SMTPClient(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off&timeout=0.3"))
        let message = Data("Subject: busy\r\n\r\nHello.\r\n".utf8)
        let delivery = Task { () -> String? in
            do {
                try await client.send(message, from: "no-reply@help.example.com", to: "kim@example.com")
                return nil
            } catch {
                return String(describing: error)
            }
        }
        // The greeting comes 0.1 s after the connection, and the client waits for it at most 0.3 s;
        // every thread that could read it stays busy for a whole second.
        try await Task.sleep(for: .milliseconds(30))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
                group.addTask { usleep(1_000_000) }
            }
        }
        let failure = await delivery.value
        #expect(failure == nil, "the server answered every step in 0.1 s")
        let lines = try String(contentsOf: sink.folder.appendingPathComponent("slow.log"), encoding: .utf8)
        #expect(lines.contains("Hello.\r\n.\r\nQUIT\r\n"), "the message and its end arrived: \(lines)")
    }
}
