import Foundation
import Hummingbird
import HummingbirdTesting
@testable import OTPLinkAPI

/// A service on a fresh data folder, built by `buildApplication` exactly as `serve` builds it.
struct TestService {
    /// The site the links point at; its origin is the one CORS lets in.
    static let siteURL = URL(string: "https://help.example.com")!
    /// The admin key the service accepts.
    let adminKey = "test-admin-key-0123456789abcdef0123456789abcdef"
    /// The data folder.
    let dataFolder: DataFolder
    /// The configuration `buildApplication` gets.
    var configuration: APIConfiguration

    /// A service on a new temporary folder; `configure` adjusts the configuration.
    init(configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        let root = try TemporaryFolder.make()
        let keyFile = root.appendingPathComponent("admin.key")
        try PrivateFile.create(at: keyFile.path, contents: Array(adminKey.utf8))
        dataFolder = DataFolder(url: root.appendingPathComponent("data"))
        configuration = APIConfiguration(
            host: "127.0.0.1",
            port: 0,
            dataFolder: dataFolder.url,
            siteURL: Self.siteURL,
            adminKeyFile: keyFile,
            logLevel: .warning
        )
        configure(&configuration)
    }

    /// Builds the application and runs `body` against it through the router (no socket).
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = try await buildApplication(configuration: configuration)
        return try await application.test(.router, body)
    }

    /// The admin key's `Authorization` header.
    var adminHeaders: HTTPFields {
        [.authorization: "Bearer \(adminKey)"]
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
