import Foundation
import Logging

/// The server's log records at warning and above, kept in memory: `level message key=value ...`, one a line.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [String] = []

    /// A logger writing here.
    func logger() -> Logger {
        Logger(label: "mail-e2e") { _ in Handler(lines: self) }
    }

    /// The records so far.
    var all: [String] { lock.withLock { records } }

    private struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let record = (["\(event.level)", "\(event.message)"] + fields).joined(separator: " ")
            lines.lock.withLock { lines.records.append(record) }
        }
    }
}
