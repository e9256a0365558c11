import Foundation
import LinkStorage
import Logging
import NIOPosix
import PostgresNIO

/// A real PostgreSQL server for the tests, started once per test process by `throwaway_postgres.py`
/// (beside this file): Debian's server in a temporary folder on a free 127.0.0.1 port, run as the
/// unprivileged `postgres` user when the tests run as root. It stops and its folder goes away when the
/// test process ends (the script waits for its standard input to close).
public final class ThrowawayPostgres: @unchecked Sendable {
    /// The server could not start, or a database could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The port the server listens on.
    public let port: Int
    private let process: Process
    /// Held open while the server should live.
    private let input: Pipe

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("throwaway_postgres.py").path

    /// The process's one server, started on first use on a thread of its own: `initdb` and the start
    /// take seconds, and waiting for them must not hold a thread that other tests' tasks run on.
    private static let shared = Task<ThrowawayPostgres, any Error> {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: { try start() })) }.start()
        }
    }

    private static func start() throws -> ThrowawayPostgres {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw Failure(description: "the throwaway PostgreSQL did not start (is postgresql installed? `make test` installs it): \(text) \(stderr)")
        }
        return ThrowawayPostgres(port: port, process: process, input: input)
    }

    /// The address of the server's `postgres` database (role `otplink`, no password).
    public var adminAddress: PostgresAddress {
        get throws { try PostgresAddress(url: "postgres://otplink@127.0.0.1:\(port)/postgres") }
    }

    /// A new, empty database on the shared server.
    public static func newDatabase() async throws -> PostgresAddress {
        let server = try await shared.value
        let name = "otplink_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await execute("CREATE DATABASE \(name)", in: try server.adminAddress)
        return try PostgresAddress(url: "postgres://otplink@127.0.0.1:\(server.port)/\(name)")
    }

    /// Runs one SQL statement in `database` (on a connection of its own, closed after).
    public static func execute(_ sql: String, in database: PostgresAddress) async throws {
        _ = try await count(sql, in: database)
    }

    /// Runs one SQL statement in `database` and returns the whole number in its first row's first column (0 if none).
    public static func count(_ sql: String, in database: PostgresAddress) async throws -> Int {
        let logger = Logger(label: "otplink.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: .init(
                host: database.host, port: database.port, username: database.user, password: database.password,
                database: database.database, tls: .disable),
            id: 1, logger: logger)
        do {
            var value = 0
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                if let first = row.first, value == 0 { value = (try? first.decode(Int.self)) ?? 0 }
            }
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw Failure(description: "`\(sql)` failed in \(database): \(String(reflecting: error))")
        }
    }
}
