import Foundation
import LinkVerification
import Logging
import ServiceLifecycle
@testable import OTPLinkAPI

/// The real application, built by `buildApplication` as `serve` builds it, listening on 127.0.0.1 with
/// a real SQLite data folder; mail goes to `transport`. Retries are short and every number is set here.
enum InProcessAPI {
    static let adminKey = "mail-e2e-admin-key-0123456789abcdef0123456789"

    /// The configuration for a data folder in `scratch`. It logs errors only: these tests break the
    /// relay on purpose, and the warnings that causes (checked where they matter) are not news in a test log.
    static func configuration(_ scratch: Scratch, transport: MailTransport, policy: Policy) throws -> APIConfiguration {
        let keyFile = scratch.path("admin.key")
        if !FileManager.default.fileExists(atPath: keyFile.path) {
            try PrivateFile.create(at: keyFile.path, contents: Array(adminKey.utf8))
        }
        return APIConfiguration(
            host: "127.0.0.1", port: 0, dataFolder: scratch.path("data"), siteURL: URL(string: "https://help.example.com")!,
            adminKeyFile: keyFile, logLevel: .error, policy: policy, templatesFolder: Scratch.templates,
            mailFrom: "Help Center <no-reply@help.example.com>", mailPollInterval: .milliseconds(50), mailTransport: transport
        )
    }

    /// Retries after 0.2 s, 0.4 s, … at most 1 s apart, up to `attempts` attempts.
    static func quickRetries(attempts: Int = 50) -> Policy {
        var policy = Policy()
        policy.mailDeliveryAttempts = attempts
        policy.mailRetryBaseDelay = 0.2
        policy.mailRetryMaximumDelay = 1
        return policy
    }

    /// Runs the application until `body` returns, then shuts it down gracefully, as SIGTERM does
    /// (cancelling its task instead closes the listener under the server's own shutdown, which
    /// Hummingbird logs as an error).
    static func run<Value: Sendable>(
        _ configuration: APIConfiguration, logger: Logger = Logger(label: "mail-e2e"), _ body: @Sendable (APIClient) async throws -> Value
    ) async throws -> Value {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try await buildApplication(configuration: configuration, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let server = Task { try await serviceGroup.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            server.cancel()
            throw APIClient.Failure(description: "the server did not start")
        }
        do {
            let value = try await body(APIClient(port: port, adminKey: adminKey))
            await serviceGroup.triggerGracefulShutdown()
            _ = await server.result
            return value
        } catch {
            await serviceGroup.triggerGracefulShutdown()
            _ = await server.result
            throw error
        }
    }
}
