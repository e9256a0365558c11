import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM turned into a readable pipe, so the watch loop can wait for file events and
/// for "stop" in one `poll` and end cleanly (status 0) instead of being killed mid-write.
final class StopSignal {
    /// The pipe's reading end: readable once a stop signal arrived.
    let descriptor: Int32
    private let writer: Int32
    private let sources: [any DispatchSourceSignal]

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ExitCodeError.message("cannot create a pipe for signal handling: \(String(cString: strerror(errno)))") }
        descriptor = ends[0]
        writer = ends[1]
        let writer = writer
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var byte: UInt8 = 1
                _ = write(writer, &byte, 1)
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
        close(descriptor)
        close(writer)
    }
}

/// An error whose text is shown as is.
enum ExitCodeError: Error, CustomStringConvertible {
    case message(String)

    var description: String {
        switch self { case let .message(text): text }
    }
}
