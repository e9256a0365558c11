import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinkStorage
import LinkVerification
import Logging
@testable import OTPLinkAPI

/// A service on a fresh data folder, built by `buildApplication` exactly as `serve` builds it.
struct TestService {
    /// The site the links point at; its origin is the one CORS lets in.
    static let siteURL = URL(string: "https://help.example.com")!
    /// The repository's `templates/email`, found from this file's path.
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates/email", isDirectory: true)

    /// The admin key the service accepts.
    let adminKey = "test-admin-key-0123456789abcdef0123456789abcdef"
    /// The data folder.
    let dataFolder: DataFolder
    /// The configuration `buildApplication` gets.
    var configuration: APIConfiguration
    /// The clock of the domain and the mail; tests move it.
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
    /// Every log record the service writes.
    let logs = CapturedLogs()
    /// Holds the temporary folder; it is removed when the test's last copy of the service goes.
    let scratch: ScratchFolder

    /// A service on a new temporary folder; `configure` adjusts the configuration.
    init(configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        scratch = try ScratchFolder()
        let root = scratch.url
        let keyFile = root.appendingPathComponent("admin.key")
        try PrivateFile.create(at: keyFile.path, contents: Array(adminKey.utf8))
        dataFolder = DataFolder(path: root.appendingPathComponent("data").path)
        configuration = APIConfiguration(
            host: "127.0.0.1",
            port: 0,
            dataFolder: dataFolder.url,
            siteURL: Self.siteURL,
            adminKeyFile: keyFile,
            logLevel: .info,
            templatesFolder: Self.templatesFolder,
            mailPollInterval: .milliseconds(20)
        )
        configure(&configuration)
    }

    /// Builds the application as `serve` does.
    func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> OTPLinkApplication {
        try await buildApplication(configuration: configuration, clock: clock, logger: logs.logger(), onServerRunning: onServerRunning)
    }

    /// Builds the application and runs `body` against it through the router (no socket); the mail worker runs.
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application().test(.router, body)
    }

    /// Like ``test(_:)``, over real HTTP on 127.0.0.1: requests have a peer address.
    func testLive<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application().test(.live, body)
    }

    /// The admin key's `Authorization` header.
    var adminHeaders: HTTPFields {
        [.authorization: "Bearer \(adminKey)"]
    }

    /// The outbox, where the mail worker writes messages.
    var outbox: Outbox {
        Outbox(folder: dataFolder.outboxURL)
    }
}

/// The `.eml` files of a data folder's outbox.
struct Outbox {
    let folder: URL

    /// Every message, as text.
    func messages() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// The messages addressed to `address`.
    func messages(to address: String) -> [String] {
        messages().filter { $0.contains("\r\nTo: \(address)\r\n") }
    }

    /// The codes mailed to `address`, oldest first, waiting (bounded) until `count` are there.
    func codes(to address: String, count: Int = 1) async throws -> [String] {
        for _ in 0..<250 {
            let codes = messages(to: address).compactMap(Self.code(in:))
            if codes.count >= count { return codes }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw OutboxError(message: "no \(count) code mail(s) to \(address) in \(folder.path)")
    }

    /// The one-time code of a code mail: the indented line of digits in its text part.
    static func code(in message: String) -> String? {
        guard let match = message.firstMatch(of: /\r\n {4}([0-9]{6,12})\r\n/) else { return nil }
        return String(match.output.1)
    }

    struct OutboxError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// Log records kept in memory, to check what the server writes (and what it never writes).
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// A logger writing here.
    func logger() -> Logger {
        Logger(label: "otplink-api-test") { _ in CapturingHandler(logs: self) }
    }

    /// Everything logged so far, one record a line with its metadata.
    var text: String {
        lock.lock(); defer { lock.unlock() }
        return lines.joined(separator: "\n")
    }

    fileprivate func append(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        lines.append(line)
    }

    private struct CapturingHandler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            logs.append("\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

extension TestResponse {
    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The `error` object of a JSON error answer.
    var error: [String: Any] {
        json["error"] as? [String: Any] ?? [:]
    }

    /// The `error.code` of a JSON error answer.
    var errorCode: String? {
        error["code"] as? String
    }

    /// The body as UTF-8 text.
    var text: String {
        String(buffer: body)
    }
}

extension ByteBuffer {
    /// A buffer holding `object` as JSON.
    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }
}
